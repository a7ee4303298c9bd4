import { cutText } from '../../../shared/cut-text.js';
import { formatCount } from '../../../shared/display-format.js';
import { escapeMarkup, htmlText } from '../../../shared/html-escape.js';
import { webHref } from '../../../shared/markdown.js';

/** Imported or posted text for the report: hidden characters as markers, escaped (shared/html-escape.ts). */
export const t = htmlText;

/** A long value (a command line, a post) cut to `max` characters, saying how long it was. */
export function longText(text: string, max: number, lines = false): string {
  const { head, cut } = cutText(text, max);
  return htmlText(head, { lines }) + (cut ? ` <span class="cut">… (cut: ${formatCount(text.length)} characters in all)</span>` : '');
}

/**
 * A post's link: its address always shown as text, and a link only when it
 * is http or https with nothing hidden in it (`webHref`, as for notes: a
 * javascript: or data: URL, or one whose bidi override shows another
 * address, stays text).
 */
export function postLink(url: string): string {
  const href = webHref(url);
  return href === null ? `<span class="mono">${t(url)}</span> <span class="muted small">(not a web address: not a link)</span>` : `<a href="${escapeMarkup(href)}" rel="noreferrer noopener nofollow">${t(url)}</a>`;
}

export function score(n: number): string {
  return n.toFixed(2);
}
