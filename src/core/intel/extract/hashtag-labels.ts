import { isWordChar } from './text-context.js';

const HASHTAG = /#([\p{L}\p{N}_]+)/gu;

/**
 * Hashtags as labels in order of first appearance, lower-case without `#`:
 * `#CobaltStrike` → `cobaltstrike`. Not `#123` (a number or an issue), not
 * `C#` or `&#39;` (the `#` is glued to a word), and not URL fragments (URLs
 * are blanked out before this runs).
 */
export function hashtagLabels(text: string): Array<{ at: number; label: string }> {
  const labels: Array<{ at: number; label: string }> = [];
  for (const m of text.matchAll(HASHTAG)) {
    const prev = text[m.index - 1];
    if (isWordChar(prev) || prev === '&' || /^\d+$/.test(m[1] as string)) continue;
    labels.push({ at: m.index, label: (m[1] as string).toLowerCase() });
  }
  return labels;
}
