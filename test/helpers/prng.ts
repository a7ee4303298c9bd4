/** mulberry32, the seeded PRNG of the tests and the synthetic case generator (one definition, in plain JS so the generator runs without a build). */
export { mulberry32 } from '../synthetic/random.js';

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
