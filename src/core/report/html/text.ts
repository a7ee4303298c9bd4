import { cutText } from '../../../shared/cut-text.js';
import { formatCount } from '../../../shared/display-format.js';
import { escapeMarkup, htmlText } from '../../../shared/html-escape.js';
import { webHref } from '../../../shared/markdown.js';
import { revealHidden } from '../../../shared/visible-text.js';

/** Imported or posted text for the report: hidden characters as markers, escaped (shared/html-escape.ts). */
export const t = htmlText;

/** A run of a name longer than this with no place to wrap gets one every so many characters: a hostile 300-character host name still fits the page. */
const LONGEST_RUN = 24;
/** Where a name has parts: after these it may wrap. */
const WRAP_AFTER = '[./\\\\:_\\s-]';
const RUN_END = new RegExp(`(?<=${WRAP_AFTER})`, 'u');
const SEPARATOR = new RegExp(`^${WRAP_AFTER}$`, 'u');

/**
 * A name (host, image path, domain, address) for a narrow box: escaped as
 * `t` does, with a wrap opportunity (`<wbr>`) after each `.`, `/`, `\`,
 * `:`, `-`, `_` (and space), so "fin-ws-0042.corp.example.com" wraps
 * between its labels and a path between its folders; the box's CSS
 * (`.wrap-name`) forbids breaks elsewhere. Only a run longer than
 * LONGEST_RUN characters is cut inside, every LONGEST_RUN characters.
 */
export function nameText(name: string): string {
  return revealHidden(name)
    .split(RUN_END)
    .flatMap((run) => chunks([...run], LONGEST_RUN))
    .map((piece) => escapeMarkup(piece))
    .join('<wbr>');
}

function chunks(chars: string[], size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  // The separator a run ends with stays with it ("…bbbb." rather than "…bbbb" and ".").
  const last = out.at(-1);
  if (out.length > 1 && last !== undefined && SEPARATOR.test(last)) {
    out.pop();
    out[out.length - 1] += last;
  }
  return out;
}

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
