import zlib from 'node:zlib';
import { pick, randInt } from '../helpers/prng.js';
import type { Mutator, SeedShape } from './mutation-types.js';
import { dataSpans, fromLatin1, latin1, splice, withoutUtf8Bom } from './text-spans.js';

/* Mutations of bytes and encodings: cuts, flips, NULs, invalid UTF-8, UTF-16, line ends, gzip, empty files. */

/** Byte sequences no UTF-8 decoder may accept: stray continuations, overlongs, surrogates, past U+10FFFF, cut sequences. */
export const INVALID_UTF8: readonly (readonly number[])[] = [
  [0x80], [0xbf], [0xc3, 0x28], [0xc0, 0xaf], [0xc1, 0xbf], [0xe2, 0x82], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80],
  [0xf0, 0x28, 0x8c, 0xbc], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xff, 0xfe],
];

export const truncate: Mutator = (input, rand) => {
  if (input.length === 0) return null;
  const at = randInt(rand, 0, input.length - 1);
  return { bytes: input.subarray(0, at), detail: `cut at byte ${at} of ${input.length}` };
};

export const truncateMidUtf8: Mutator = (input, rand) => {
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

export const truncateMidRecord: Mutator = (input, rand, shape) => {
  const spans = dataSpans(input, !!shape.csvHeader).filter((s) => s.end - s.start >= 2);
  if (spans.length === 0) return null;
  const s = pick(rand, spans);
  const at = randInt(rand, s.start + 1, s.end - 1);
  return { bytes: input.subarray(0, at), detail: `cut at byte ${at}, inside the record at bytes ${s.start}-${s.end}` };
};

export const byteFlip: Mutator = (input, rand, shape) => {
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

export const nul: Mutator = (input, rand) => {
  const at = randInt(rand, 0, input.length);
  const n = randInt(rand, 1, 64);
  const replace = rand() < 0.5 ? Math.min(n, input.length - at) : 0;
  return { bytes: splice(input, at, replace, Buffer.alloc(n)), detail: `${n} NUL(s) ${replace ? 'written over' : 'inserted'} at byte ${at}` };
};

export const invalidUtf8: Mutator = (input, rand, shape) => {
  const spans = dataSpans(input, !!shape.csvHeader);
  if (spans.length === 0) return null;
  const seq = Buffer.from(pick(rand, INVALID_UTF8));
  const inHead = rand() < 0.5;
  const s = pick(rand, spans);
  const at = inHead ? randInt(rand, 0, Math.min(100, input.length)) : randInt(rand, s.start, s.end);
  return { bytes: splice(input, at, 0, seq), detail: `invalid UTF-8 ${seq.toString('hex')} at byte ${at}` };
};

export function utf16(be: boolean, bom: boolean): Mutator {
  return (input) => {
    const le = Buffer.from(withoutUtf8Bom(input).toString('utf8'), 'utf16le');
    const body = be ? Buffer.from(le).swap16() : le;
    const mark = bom ? Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]) : Buffer.alloc(0);
    return { bytes: Buffer.concat([mark, body]), detail: `re-encoded as UTF-16 ${be ? 'BE' : 'LE'} ${bom ? 'with' : 'without'} BOM` };
  };
}

export const lineEnds = (to: '\r\n' | '\r'): Mutator => (input) => {
  if (!input.includes(0x0a)) return null;
  return { bytes: fromLatin1(latin1(input).replace(/\r?\n/g, to)), detail: `line ends changed to ${to === '\r' ? 'CR' : 'CRLF'}` };
};

export const gzipWhole: Mutator = (input) => ({ bytes: zlib.gzipSync(input), detail: 'gzip-compressed as it is' });

const gzipBytes = (input: Buffer, shape: SeedShape): Buffer => (shape.gzipped ? input : zlib.gzipSync(input));

export const gzipCut: Mutator = (input, rand, shape) => {
  const gz = gzipBytes(input, shape);
  const at = randInt(rand, 1, gz.length - 1);
  return { bytes: gz.subarray(0, at), detail: `gzip cut at byte ${at} of ${gz.length}` };
};

export const gzipGarbage: Mutator = (input, rand, shape) => {
  const n = randInt(rand, 1, 256);
  const garbage = rand() < 0.5 ? Buffer.from(Array.from({ length: n }, () => randInt(rand, 0, 255))) : Buffer.from('trailing text after the gzip member\n');
  return { bytes: Buffer.concat([gzipBytes(input, shape), garbage]), detail: `${garbage.length} bytes of garbage after the gzip member` };
};

export const gzipFlip: Mutator = (input, rand, shape) => {
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

export const emptyish: Mutator = (_input, rand) => {
  const [what, bytes] = pick(rand, EMPTY_VARIANTS);
  return { bytes, detail: what };
};
