import { pick, randInt } from '../helpers/prng.js';
import type { Mutator } from './mutation-types.js';
import { NUMBER_EDGES } from './number-edges.js';
import { commentHeader, dataSpans, fromLatin1, latin1, lineBoundary, lineSpans, splice } from './text-spans.js';

/* Mutations of records and headers: a giant line, a long field, huge and repeated headers, numbers past their bounds. */

export const GIANT_LINE_BYTES = 20 << 20;
export const LONG_FIELD_BYTES = 1 << 20;
export const HUGE_HEADER_COLUMNS = 100_000;
export const HUGE_CSV_HEADER_BYTES = 1 << 20;

export const giantLine: Mutator = (input, rand, shape) => {
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

export const longField: Mutator = (input, rand, shape) => {
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

export const hugeHeader: Mutator = (input, rand, shape) => {
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

export const duplicateHeader: Mutator = (input, rand, shape) => {
  const head = shape.commentHeader ? commentHeader(input) : shape.csvHeader ? lineSpans(input).slice(0, 1) : [];
  const last = head.at(-1);
  if (!last || !head[0]) return null;
  const block = input.subarray(head[0].start, Math.min(input.length, last.end + 1));
  const after = lineSpans(input).filter((s) => s.start > last.end).map((s) => s.start);
  const at = after.length > 0 && rand() < 0.7 ? pick(rand, after) : Math.min(input.length, last.end + 1);
  const piece = block[block.length - 1] === 0x0a ? block : Buffer.concat([block, Buffer.from('\n')]);
  return { bytes: splice(input, at, 0, piece), detail: `the ${head.length}-line header repeated at byte ${at}` };
};

/** A number standing alone: not part of an address, a date, a time or a word. */
const NUMBER_TOKEN = /(?<![\w.\-/]|\d:)-?\d+(?:\.\d+)?(?![\w.:\-/])/g;

export const numberEdge: Mutator = (input, rand, shape) => {
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
