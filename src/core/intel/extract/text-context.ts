/**
 * Small looks around a candidate. Every scan is bounded (a few dozen
 * characters) so that classifying all candidates stays linear in the text.
 */
const WORD_CHAR = /[\p{L}\p{N}_]/u;

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

export function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /\p{L}/u.test(ch);
}

/** Up to `count` whitespace-separated words before `at`, nearest first, lower-case and without surrounding punctuation. */
export function previousWords(text: string, at: number, count: number, limit = 48): string[] {
  const words: string[] = [];
  let i = at;
  const stop = Math.max(0, at - limit);
  while (words.length < count && i > stop) {
    while (i > stop && /\s/.test(text[i - 1] as string)) i--;
    const end = i;
    while (i > stop && !/\s/.test(text[i - 1] as string)) i--;
    if (end === i) break;
    words.push(text.slice(i, end).toLowerCase().replace(/^[;|&(]+|[:=,;)]+$/g, ''));
  }
  return words;
}

/** The non-space token around [start, end), widened over `chars` on each side, at most `limit` characters each way. */
export function tokenAround(text: string, start: number, end: number, chars: RegExp, limit = 48): string {
  let s = start;
  while (s > 0 && start - s < limit && chars.test(text[s - 1] as string)) s--;
  let e = end;
  while (e < text.length && e - end < limit && chars.test(text[e] as string)) e++;
  return text.slice(s, e);
}

/** Digits at `at` (at most `max`), as a number, or null when there are none or more follow. */
export function digitsAt(text: string, at: number, max: number): { value: number; end: number } | null {
  let e = at;
  while (e < text.length && e - at <= max && /\d/.test(text[e] as string)) e++;
  if (e === at || e - at > max) return null;
  return { value: Number(text.slice(at, e)), end: e };
}
