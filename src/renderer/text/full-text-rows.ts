/**
 * A long text cut into rows of at most `cols` characters (UTF-16 units, a
 * surrogate pair never split), and at line feeds when `lines` is set: the
 * rows of a monospace viewer that draws only those in view, so showing a
 * 1 MB value lays out a screenful, not the whole of it.
 */
/** Columns between tab stops: the viewer's CSS `tab-size`. */
export const TAB_SIZE = 8;

export interface TextRows {
  count: number;
  /** Row i is text.slice(starts[i], ends[i]); a line feed ending a line is in no row. */
  starts: number[];
  ends: number[];
}

export function textRows(text: string, cols: number, lines: boolean): TextRows {
  const width = Math.max(1, Math.floor(cols));
  const starts: number[] = [];
  const ends: number[] = [];
  let lineStart = 0;
  for (;;) {
    let lineEnd = lines ? text.indexOf('\n', lineStart) : -1;
    const last = lineEnd === -1;
    if (last) lineEnd = text.length;
    // A CR LF line ending shows as one break, not as a CR marker.
    const contentEnd = lines && !last && lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
    const tab = lines ? text.indexOf('\t', lineStart) : -1;
    const hasTabs = tab !== -1 && tab < contentEnd;
    let s = lineStart;
    do {
      let e = hasTabs ? rowEndWithTabs(text, s, contentEnd, width) : Math.min(s + width, contentEnd);
      if (e < contentEnd && e - s > 1 && isHighSurrogate(text.charCodeAt(e - 1))) e -= 1;
      starts.push(s);
      ends.push(e);
      s = e;
    } while (s < contentEnd);
    if (last) break;
    lineStart = lineEnd + 1;
  }
  return { count: starts.length, starts, ends };
}

/** Where a row from `s` ends when tabs advance to the next stop of TAB_SIZE columns (the viewer's CSS tab-size). */
function rowEndWithTabs(text: string, s: number, end: number, width: number): number {
  let col = 0;
  for (let i = s; i < end; i++) {
    col = text.charCodeAt(i) === 0x09 ? (Math.floor(col / TAB_SIZE) + 1) * TAB_SIZE : col + 1;
    if (col > width) return Math.max(i, s + 1);
  }
  return end;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
