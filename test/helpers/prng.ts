/** mulberry32: a tiny seeded PRNG so generated data is the same on every run (no dependency). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], inclusive. */
export function randInt(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Up to `maxLength` pieces of `alphabet` strung together (property tests near the edges). */
export function randomString(rand: () => number, alphabet: readonly string[], maxLength: number): string {
  let s = '';
  const n = randInt(rand, 0, maxLength);
  for (let i = 0; i < n; i++) s += pick(rand, alphabet);
  return s;
}
