import zlib from 'node:zlib';
import { pick, randInt } from '../helpers/prng.js';
import { NUMBER_EDGES } from './number-edges.js';
import { commentHeader, dataSpans, lineBoundary, lineSpans, splice, withoutUtf8Bom } from './text-spans.js';

/*
 * Seeded, pure mutations of import files: each takes the bytes of a real
 * export and a PRNG and returns new bytes (never touching its input), the
 * same for the same PRNG state. They are the ways files arrive damaged or
 * hostile: cut downloads, rotted bits, editors that re-encode or change line
 * ends, concatenated logs, values past every bound.
 */

export type Rand = () => number;

/** What a mutation may know about a file, given by the seed list (not sniffed). */
export interface SeedShape {
  /** Not text (EVTX): only the byte-level mutations apply. */
  binary?: boolean;
  /** The file is gzip already (an offline bundle): text mutations change its content and compress it again. */
  gzipped?: boolean;
  /** The field separator of delimited text (CSV, TSV, a firewall log). */
  delimiter?: string;
  /** The first line names the columns. */
  csvHeader?: boolean;
  /** Leading `#` lines (Zeek, Windows Firewall), with a `#fields` / `#Fields:` line. */
  commentHeader?: boolean;
  /** JSON or JavaScript-wrapped JSON (one record per line or one document). */
  json?: boolean;
  /**
   * Records numbered by element rather than by line (Sysmon XML: a wevtutil
   * export is one line), this pattern finding each: quarantined records may
   * name numbers up to their count.
   */
  records?: RegExp;
}

export interface Mutation {
  bytes: Buffer;
  /** What was done, for the report and the repro line. */
  detail: string;
}

type Mutator = (input: Buffer, rand: Rand, shape: SeedShape) => Mutation | null;

export const GIANT_LINE_BYTES = 20 << 20;
export const LONG_FIELD_BYTES = 1 << 20;
export const HUGE_HEADER_COLUMNS = 100_000;
export const HUGE_CSV_HEADER_BYTES = 1 << 20;

/** Byte sequences no UTF-8 decoder may accept: stray continuations, overlongs, surrogates, past U+10FFFF, cut sequences. */
export const INVALID_UTF8: readonly (readonly number[])[] = [
  [0x80], [0xbf], [0xc3, 0x28], [0xc0, 0xaf], [0xc1, 0xbf], [0xe2, 0x82], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80],
  [0xf0, 0x28, 0x8c, 0xbc], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xff, 0xfe],
];

const latin1 = (b: Buffer): string => b.toString('latin1');
const fromLatin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

const truncate: Mutator = (input, rand) => {
  if (input.length === 0) return null;
  const at = randInt(rand, 0, input.length - 1);
  return { bytes: input.subarray(0, at), detail: `cut at byte ${at} of ${input.length}` };
};

const truncateMidUtf8: Mutator = (input, rand) => {
  const leads: number[] = [];
  for (let i = 0; i < input.length; i++) if ((input[i] as number) >= 0xc2 && (input[i] as number) <= 0xf4) leads.push(i);
  let bytes = input;
  let at: number;
  let what: string;
  if (leads.length > 0) {
    at = pick(rand, leads);
    what = 'a character of the file';
  } else {
    // An ASCII file gets a euro sign inside a record first, so there is a sequence to cut.
    const spans = dataSpans(input, false);
    if (spans.length === 0) return null;
    const span = pick(rand, spans);
    at = randInt(rand, span.start, span.end);
    bytes = splice(input, at, 0, '€');
    what = 'an inserted €';
  }
  const lead = bytes[at] as number;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  const cut = at + randInt(rand, 1, length - 1);
  return { bytes: bytes.subarray(0, cut), detail: `cut at byte ${cut}, inside ${what} (${length}-byte sequence at ${at})` };
};

const truncateMidRecord: Mutator = (input, rand, shape) => {
  const spans = dataSpans(input, !!shape.csvHeader).filter((s) => s.end - s.start >= 2);
  if (spans.length === 0) return null;
  const s = pick(rand, spans);
  const at = randInt(rand, s.start + 1, s.end - 1);
  return { bytes: input.subarray(0, at), detail: `cut at byte ${at}, inside the record at bytes ${s.start}-${s.end}` };
};

const byteFlip: Mutator = (input, rand, shape) => {
  if (input.length === 0) return null;
  const bytes = Buffer.from(input);
  const n = randInt(rand, 1, 8);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    // Binary files keep their structure in the first 4 KB (EVTX's file header): aim there a third of the time.
    const hi = shape.binary && rand() < 0.33 ? Math.min(input.length, 4096) - 1 : input.length - 1;
    const p = randInt(rand, 0, hi);
    bytes[p] = (bytes[p] as number) ^ randInt(rand, 1, 255);
    at.push(p);
  }
  return { bytes, detail: `${n} byte(s) flipped at ${at.join(', ')}` };
};

const nul: Mutator = (input, rand) => {
  const at = randInt(rand, 0, input.length);
  const n = randInt(rand, 1, 64);
  const replace = rand() < 0.5 ? Math.min(n, input.length - at) : 0;
  return { bytes: splice(input, at, replace, Buffer.alloc(n)), detail: `${n} NUL(s) ${replace ? 'written over' : 'inserted'} at byte ${at}` };
};

const giantLine: Mutator = (input, rand, shape) => {
  const spans = dataSpans(input, !!shape.csvHeader);
  if (spans.length === 0) return null;
  // The file's own record repeated with its line ends lost: what a newline-stripping copy makes.
  const s = pick(rand, spans);
  const sample = input.subarray(s.start, s.end).length > 0 ? input.subarray(s.start, s.end) : Buffer.from('x');
  const line = Buffer.alloc(GIANT_LINE_BYTES, sample);
  const atEnd = rand() < 0.5;
  const at = atEnd ? input.length : lineBoundary(input, rand);
  const prefix = atEnd && input.length > 0 && input[input.length - 1] !== 0x0a ? '\n' : '';
  const piece = Buffer.concat([Buffer.from(prefix), line, Buffer.from(atEnd ? '' : '\n')]);
  return { bytes: splice(input, at, 0, piece), detail: `a ${GIANT_LINE_BYTES >> 20} MB line without newline ${atEnd ? 'at the end' : `at byte ${at}`}` };
};

const longField: Mutator = (input, rand, shape) => {
  const spans = dataSpans(input, !!shape.csvHeader);
  if (spans.length === 0) return null;
  const s = pick(rand, spans);
  const text = latin1(input.subarray(s.start, s.end));
  const filler = 'A'.repeat(LONG_FIELD_BYTES);
  if (shape.delimiter && !shape.json) {
    const cells = text.split(shape.delimiter);
    const i = randInt(rand, 0, cells.length - 1);
    cells[i] = filler;
    return { bytes: splice(input, s.start, s.end - s.start, fromLatin1(cells.join(shape.delimiter))), detail: `field ${i + 1} of the record at byte ${s.start} made ${LONG_FIELD_BYTES >> 20} MB` };
  }
  // JSON string values (after `":"`) and XML text (after `>`): the value grows, the record stays well-formed.
  const spots = [...text.matchAll(/":\s*"|>(?=[^<])/g)].map((m) => (m.index as number) + m[0].length);
  const at = s.start + (spots.length > 0 ? pick(rand, spots) : randInt(rand, 0, text.length));
  return { bytes: splice(input, at, 0, filler), detail: `${LONG_FIELD_BYTES >> 20} MB put into a value at byte ${at}` };
};

const invalidUtf8: Mutator = (input, rand, shape) => {
  const spans = dataSpans(input, !!shape.csvHeader);
  if (spans.length === 0) return null;
  const seq = Buffer.from(pick(rand, INVALID_UTF8));
  const inHead = rand() < 0.5;
  const s = pick(rand, spans);
  const at = inHead ? randInt(rand, 0, Math.min(100, input.length)) : randInt(rand, s.start, s.end);
  return { bytes: splice(input, at, 0, seq), detail: `invalid UTF-8 ${seq.toString('hex')} at byte ${at}` };
};

function utf16(be: boolean, bom: boolean): Mutator {
  return (input) => {
    const le = Buffer.from(withoutUtf8Bom(input).toString('utf8'), 'utf16le');
    const body = be ? Buffer.from(le).swap16() : le;
    const mark = bom ? Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]) : Buffer.alloc(0);
    return { bytes: Buffer.concat([mark, body]), detail: `re-encoded as UTF-16 ${be ? 'BE' : 'LE'} ${bom ? 'with' : 'without'} BOM` };
  };
}

const hugeHeader: Mutator = (input, rand, shape) => {
  const fields = shape.commentHeader ? commentHeader(input).find((s) => /^#fields(\t|:)/i.test(latin1(input.subarray(s.start, s.start + 8)))) : undefined;
  if (fields) {
    const sep = input[fields.start + 7] === 0x09 ? '\t' : ' ';
    const names = Array.from({ length: HUGE_HEADER_COLUMNS }, (_, i) => `extra_${i}`).join(sep);
    const end = input[fields.end - 1] === 0x0d ? fields.end - 1 : fields.end;
    return { bytes: splice(input, end, 0, `${sep}${names}`), detail: `${HUGE_HEADER_COLUMNS} more columns in the #fields line` };
  }
  if (shape.csvHeader) {
    const first = lineSpans(input)[0];
    if (!first) return null;
    const sep = shape.delimiter ?? ',';
    const parts: string[] = [];
    for (let i = 0, n = 0; n < HUGE_CSV_HEADER_BYTES; i++) {
      const name = `${sep}column ${i}`;
      parts.push(name);
      n += name.length;
    }
    const end = input[first.end - 1] === 0x0d ? first.end - 1 : first.end;
    return { bytes: splice(input, end, 0, parts.join('')), detail: `header line grown by ${HUGE_CSV_HEADER_BYTES >> 20} MB of column names` };
  }
  if (shape.json) {
    const brace = input.indexOf('{');
    if (brace === -1) return null;
    const keys = Array.from({ length: HUGE_HEADER_COLUMNS }, (_, i) => `"extra_${i}":${i}`).join(',');
    const next = latin1(input.subarray(brace + 1, brace + 64)).trimStart()[0];
    return { bytes: splice(input, brace + 1, 0, next === '}' ? keys : `${keys},`), detail: `${HUGE_HEADER_COLUMNS} keys added to the first object` };
  }
  return null;
};

const duplicateHeader: Mutator = (input, rand, shape) => {
  const head = shape.commentHeader ? commentHeader(input) : shape.csvHeader ? lineSpans(input).slice(0, 1) : [];
  const last = head.at(-1);
  if (!last || !head[0]) return null;
  const block = input.subarray(head[0].start, Math.min(input.length, last.end + 1));
  const after = lineSpans(input).filter((s) => s.start > last.end).map((s) => s.start);
  const at = after.length > 0 && rand() < 0.7 ? pick(rand, after) : Math.min(input.length, last.end + 1);
  const piece = block[block.length - 1] === 0x0a ? block : Buffer.concat([block, Buffer.from('\n')]);
  return { bytes: splice(input, at, 0, piece), detail: `the ${head.length}-line header repeated at byte ${at}` };
};

const lineEnds = (to: '\r\n' | '\r'): Mutator => (input) => {
  if (!input.includes(0x0a)) return null;
  return { bytes: fromLatin1(latin1(input).replace(/\r?\n/g, to)), detail: `line ends changed to ${to === '\r' ? 'CR' : 'CRLF'}` };
};

/** A number standing alone: not part of an address, a date, a time or a word. */
const NUMBER_TOKEN = /(?<![\w.\-/]|\d:)-?\d+(?:\.\d+)?(?![\w.:\-/])/g;

const numberEdge: Mutator = (input, rand, shape) => {
  const spans = dataSpans(input, !!shape.csvHeader);
  for (let tries = 0; tries < 20 && spans.length > 0; tries++) {
    const s = pick(rand, spans);
    const tokens = [...latin1(input.subarray(s.start, s.end)).matchAll(NUMBER_TOKEN)];
    if (tokens.length === 0) continue;
    const t = pick(rand, tokens);
    const edge = pick(rand, NUMBER_EDGES);
    const at = s.start + (t.index as number);
    return { bytes: splice(input, at, t[0].length, edge), detail: `number ${t[0]} at byte ${at} replaced by ${JSON.stringify(edge)}` };
  }
  return null;
};

const gzipWhole: Mutator = (input) => ({ bytes: zlib.gzipSync(input), detail: 'gzip-compressed as it is' });

const gzipBytes = (input: Buffer, shape: SeedShape): Buffer => (shape.gzipped ? input : zlib.gzipSync(input));

const gzipCut: Mutator = (input, rand, shape) => {
  const gz = gzipBytes(input, shape);
  const at = randInt(rand, 1, gz.length - 1);
  return { bytes: gz.subarray(0, at), detail: `gzip cut at byte ${at} of ${gz.length}` };
};

const gzipGarbage: Mutator = (input, rand, shape) => {
  const n = randInt(rand, 1, 256);
  const garbage = rand() < 0.5 ? Buffer.from(Array.from({ length: n }, () => randInt(rand, 0, 255))) : Buffer.from('trailing text after the gzip member\n');
  return { bytes: Buffer.concat([gzipBytes(input, shape), garbage]), detail: `${garbage.length} bytes of garbage after the gzip member` };
};

const gzipFlip: Mutator = (input, rand, shape) => {
  const gz = Buffer.from(gzipBytes(input, shape));
  const n = randInt(rand, 1, 3);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = randInt(rand, Math.min(10, gz.length - 1), gz.length - 1);
    gz[p] = (gz[p] as number) ^ randInt(rand, 1, 255);
    at.push(p);
  }
  return { bytes: gz, detail: `gzip with ${n} byte(s) flipped at ${at.join(', ')}` };
};

const EMPTY_VARIANTS: readonly [string, Buffer][] = [
  ['no bytes', Buffer.alloc(0)],
  ['a UTF-8 BOM only', Buffer.from([0xef, 0xbb, 0xbf])],
  ['blank lines only', Buffer.from('\n\n\r\n  \t\n')],
  ['a UTF-16 LE BOM only', Buffer.from([0xff, 0xfe])],
  ['a gzip of nothing', zlib.gzipSync(Buffer.alloc(0))],
];

const emptyish: Mutator = (_input, rand) => {
  const [what, bytes] = pick(rand, EMPTY_VARIANTS);
  return { bytes, detail: what };
};

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
