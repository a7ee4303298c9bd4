import fs from 'node:fs';
import path from 'node:path';
import { mulberry32, pick } from '../helpers/prng.js';
import { applies, mutate, mutationKinds, type MutationKind } from './mutators.js';
import type { FuzzSeed } from './seeds.js';

/** One generated mutant: which seed, which file of it, what was done, and the bytes. */
export interface MutantPlan {
  index: number;
  seed: FuzzSeed;
  kind: MutationKind;
  /** Folder seeds: the member changed. */
  member: string | null;
  detail: string;
  bytes: Buffer;
}

/** Mixes the run seed and the mutant's index into the seed of that mutant's PRNG (so `--only N` rebuilds mutant N alone). */
export function mutantSeed(runSeed: number, index: number): number {
  let h = Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2d);
  return (h ^ (h >>> 15)) >>> 0;
}

const cache = new Map<string, Buffer>();
function readSeedFile(file: string): Buffer {
  let b = cache.get(file);
  if (!b) {
    b = fs.readFileSync(file);
    cache.set(file, b);
  }
  return b;
}

/**
 * Mutant `index` of a run: its kind goes round the list (every kind gets its
 * share whatever the count), its format and then its seed are drawn among
 * those the kind applies to. Null when no seed gives that kind anything to change.
 */
export function planMutant(runSeed: number, index: number, seeds: readonly FuzzSeed[], kinds: readonly MutationKind[] = mutationKinds): MutantPlan | null {
  const rand = mulberry32(mutantSeed(runSeed, index));
  const kind = kinds[(index + runSeed) % kinds.length] as MutationKind;
  // A format first, then one of its seeds: formats with many samples get no larger share.
  const byFormat = new Map<string, FuzzSeed[]>();
  for (const s of seeds.filter((x) => applies(kind, x.shape))) byFormat.set(`${s.target} ${s.format}`, [...(byFormat.get(`${s.target} ${s.format}`) ?? []), s]);
  const formats = [...byFormat.values()];
  for (let attempt = 0; attempt < 8 && formats.length > 0; attempt++) {
    const seed = pick(rand, pick(rand, formats));
    const member = seed.members ? pick(rand, seed.members) : null;
    const m = mutate(kind, readSeedFile(member ? path.join(seed.path, member) : seed.path), rand, seed.shape);
    if (m) return { index, seed, kind, member, detail: m.detail, bytes: m.bytes };
  }
  return null;
}

const isGzip = (b: Buffer) => b[0] === 0x1f && b[1] === 0x8b;

/**
 * Writes a mutant under `dir`: a file named after its seed (with .gz when the
 * mutant is gzip and the seed was not), or a copy of the seed's folder with
 * the member replaced. Returns what to import.
 */
export function writeMutant(plan: MutantPlan, dir: string): string {
  const base = path.basename(plan.seed.path);
  const out = path.join(dir, `m${plan.index}`);
  fs.mkdirSync(out, { recursive: true });
  if (plan.member) {
    const folder = path.join(out, base);
    fs.cpSync(plan.seed.path, folder, { recursive: true });
    fs.writeFileSync(path.join(folder, plan.member), plan.bytes);
    return folder;
  }
  const gz = isGzip(plan.bytes) && !plan.seed.shape.gzipped ? '.gz' : '';
  const file = path.join(out, `${base}${gz}`);
  fs.writeFileSync(file, plan.bytes);
  return file;
}
