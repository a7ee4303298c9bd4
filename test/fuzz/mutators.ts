import zlib from 'node:zlib';
import { pick, randInt } from '../helpers/prng.js';
import { byteFlip, emptyish, gzipCut, gzipFlip, gzipGarbage, gzipWhole, invalidUtf8, lineEnds, nul, truncate, truncateMidRecord, truncateMidUtf8, utf16 } from './byte-mutations.js';
import type { Mutation, Mutator, Rand, SeedShape } from './mutation-types.js';
import { duplicateHeader, giantLine, hugeHeader, longField, numberEdge } from './record-mutations.js';

export type { Mutation, Rand, SeedShape } from './mutation-types.js';
export { INVALID_UTF8 } from './byte-mutations.js';
export { GIANT_LINE_BYTES, HUGE_CSV_HEADER_BYTES, HUGE_HEADER_COLUMNS, LONG_FIELD_BYTES } from './record-mutations.js';

/*
 * The fuzzer's mutations by name (byte-mutations.ts, record-mutations.ts),
 * which apply to which files, and the two that combine others.
 */

/** Every mutation by name; `gzip-mutated` and `stacked` combine the others. */
const MUTATORS = {
  truncate,
  'truncate-mid-utf8': truncateMidUtf8,
  'truncate-mid-record': truncateMidRecord,
  'byte-flip': byteFlip,
  nul,
  'giant-line': giantLine,
  'long-field': longField,
  'invalid-utf8': invalidUtf8,
  'utf16le-bom': utf16(false, true),
  utf16le: utf16(false, false),
  'utf16be-bom': utf16(true, true),
  utf16be: utf16(true, false),
  'huge-header': hugeHeader,
  'duplicate-header': duplicateHeader,
  crlf: lineEnds('\r\n'),
  cr: lineEnds('\r'),
  'number-edge': numberEdge,
  gzip: gzipWhole,
  'gzip-cut': gzipCut,
  'gzip-garbage': gzipGarbage,
  'gzip-flip': gzipFlip,
  empty: emptyish,
} satisfies Record<string, Mutator>;

export type MutationKind = keyof typeof MUTATORS | 'gzip-mutated' | 'stacked';

export const mutationKinds: readonly MutationKind[] = [...(Object.keys(MUTATORS) as (keyof typeof MUTATORS)[]), 'gzip-mutated', 'stacked'];

/** Kinds that change bytes without reading them as text: the only ones for binary files, and applied to a gzip file as it is. */
const RAW_KINDS: ReadonlySet<MutationKind> = new Set(['truncate', 'byte-flip', 'nul', 'gzip', 'gzip-cut', 'gzip-garbage', 'gzip-flip', 'empty', 'stacked']);
/** What `stacked` combines (cheap ones: no 20 MB lines). */
const STACKABLE: readonly (keyof typeof MUTATORS)[] = ['truncate', 'truncate-mid-record', 'byte-flip', 'nul', 'long-field', 'invalid-utf8', 'duplicate-header', 'crlf', 'number-edge'];
const STACKABLE_RAW: readonly (keyof typeof MUTATORS)[] = ['truncate', 'byte-flip', 'nul'];
/** What `gzip-mutated` puts inside the gzip. */
const BODY_KINDS: readonly (keyof typeof MUTATORS)[] = ['truncate-mid-record', 'byte-flip', 'nul', 'invalid-utf8', 'long-field', 'number-edge', 'duplicate-header', 'crlf'];

/** Whether `kind` can change a file of this shape at all (it may still find nothing to change in one file). */
export function applies(kind: MutationKind, shape: SeedShape): boolean {
  if (shape.binary && !RAW_KINDS.has(kind) && kind !== 'gzip-mutated') return false;
  if (kind === 'huge-header') return !!(shape.commentHeader || shape.csvHeader || shape.json);
  if (kind === 'duplicate-header') return !!(shape.commentHeader || shape.csvHeader);
  return true;
}

/** One mutation of `input`; null when the kind finds nothing to change in it. Deterministic in `rand`. */
export function mutate(kind: MutationKind, input: Buffer, rand: Rand, shape: SeedShape): Mutation | null {
  const m = mutateOnce(kind, input, rand, shape);
  // CRLF line ends on a CRLF file, a cut at the last byte of nothing: no mutant.
  return m && !m.bytes.equals(input) ? m : null;
}

function mutateOnce(kind: MutationKind, input: Buffer, rand: Rand, shape: SeedShape): Mutation | null {
  if (!applies(kind, shape)) return null;
  if (kind === 'stacked') return stacked(input, rand, shape);
  if (kind === 'gzip-mutated') {
    const body = shape.gzipped ? zlib.gunzipSync(input) : input;
    const inner = mutate(pick(rand, shape.binary ? STACKABLE_RAW : BODY_KINDS), body, rand, { ...shape, gzipped: false });
    return inner && { bytes: zlib.gzipSync(inner.bytes), detail: `gzip of: ${inner.detail}` };
  }
  if (shape.gzipped && !RAW_KINDS.has(kind)) {
    // A text mutation of a gzip file changes what is inside, then compresses it again.
    const inner = MUTATORS[kind](zlib.gunzipSync(input), rand, { ...shape, gzipped: false });
    return inner && { bytes: zlib.gzipSync(inner.bytes), detail: `inside the gzip: ${inner.detail}` };
  }
  return MUTATORS[kind](input, rand, shape);
}

function stacked(input: Buffer, rand: Rand, shape: SeedShape): Mutation | null {
  const n = randInt(rand, 2, 3);
  let bytes = input;
  const details: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = mutate(pick(rand, shape.binary || shape.gzipped ? STACKABLE_RAW : STACKABLE), bytes, rand, shape);
    if (!m) continue;
    bytes = m.bytes;
    details.push(m.detail);
  }
  return details.length > 0 ? { bytes, detail: details.join('; then ') } : null;
}

