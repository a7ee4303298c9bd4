import { pick } from '../helpers/prng.js';

/** A line of a file as byte offsets: [start, end) without its LF (a CR before the LF is inside). */
export interface Span {
  start: number;
  end: number;
}

const NL = 0x0a;

/** Every line of `buf` (a last line without LF included; no phantom empty line after a final LF). */
export function lineSpans(buf: Buffer): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(NL, start);
    if (nl === -1) break;
    spans.push({ start, end: nl });
    start = nl + 1;
  }
  if (start < buf.length) spans.push({ start, end: buf.length });
  return spans;
}

/**
 * The lines that hold records: not empty, not a `#` comment, and not the
 * first line when it is a CSV header. Falls back to every non-empty line.
 */
export function dataSpans(buf: Buffer, csvHeader: boolean): Span[] {
  const all = lineSpans(buf).filter((s) => s.end > s.start && !(s.end - s.start === 1 && buf[s.start] === 0x0d));
  const data = all.filter((s, i) => buf[s.start] !== 0x23 && !(csvHeader && i === 0));
  return data.length > 0 ? data : all;
}

/** The leading lines that start with `#` (Zeek and Windows Firewall headers). */
export function commentHeader(buf: Buffer): Span[] {
  const head: Span[] = [];
  for (const s of lineSpans(buf)) {
    if (buf[s.start] !== 0x23) break;
    head.push(s);
  }
  return head;
}

/** A random line boundary: the offset where a line starts (or the end of the file). */
export function lineBoundary(buf: Buffer, rand: () => number): number {
  const starts = lineSpans(buf).map((s) => s.start);
  starts.push(buf.length);
  return pick(rand, starts);
}

/** `buf` with `insert` put in at `at`. */
export function splice(buf: Buffer, at: number, removeCount: number, insert: Buffer | string): Buffer {
  return Buffer.concat([buf.subarray(0, at), Buffer.from(insert as string), buf.subarray(at + removeCount)]);
}

/** The text without a UTF-8 byte order mark. */
export function withoutUtf8Bom(buf: Buffer): Buffer {
  return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
}

/** Bytes as a string of the same length (one char per byte), for patterns that must give byte offsets. */
export const latin1 = (b: Buffer): string => b.toString('latin1');
export const fromLatin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
