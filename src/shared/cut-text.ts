/**
 * The head of a value too long to show whole: a 1 MB command line laid out
 * in one go freezes a page, and fills a terminal. Cut by characters and by
 * lines, never inside a surrogate pair, so the head is valid text.
 */
export interface CutText {
  /** The start of the text: all of it when `cut` is false. */
  head: string;
  cut: boolean;
}

export function cutText(text: string, maxChars: number, maxLines = Infinity): CutText {
  let end = Math.min(text.length, Math.max(0, maxChars));
  if (maxLines !== Infinity) {
    let newline = -1;
    for (let line = 0; line < maxLines; line++) {
      newline = text.indexOf('\n', newline + 1);
      if (newline === -1 || newline >= end) break;
      if (line === maxLines - 1) end = newline;
    }
  }
  if (end === text.length) return { head: text, cut: false };
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { head: text.slice(0, end), cut: true };
}

/** A short form for one line: the head and `…` when cut (graph labels, table cells; line breaks are for visible-text to mark). */
export function shortText(text: string, maxChars: number): string {
  const { head, cut } = cutText(text, maxChars);
  return cut ? `${head}…` : head;
}
