import { createHash } from 'node:crypto';

/**
 * What X does to a post's text (x-api.md §2.2): every URL becomes a 23-character t.co link, and
 * `entities` are computed from the resulting text with offsets in code points.
 *
 * Linked: `http(s)://` URLs whose host is a domain with an alphabetic TLD or a dotted IPv4
 * (`http://1.2.3.4/x`), and protocol-less `domain.tld[/path]` for the TLDs below (twitter-text
 * autolinks those too, which is why `bins.sh` or `README.md` turn into t.co links on X). Not linked:
 * bare IPs, defanged forms (`1.2.3[.]4`, `hxxp://`), version numbers. The TLD list is a subset of
 * twitter-text's [ASSUMED enough for tests].
 */
const TLDS = 'com|net|org|info|biz|io|co|me|xyz|top|site|online|club|app|dev|ru|su|cn|de|uk|fr|nl|br|in|jp|kr|ir|ua|pl|it|es|tk|ml|ga|cf|gq|sh|py|md|ly|cc|tv|ws|to|eu|us|ca|au|onion';
const SCHEMED = /https?:\/\/[^\s<>"]+/gi;
const BARE = new RegExp(`(?<![\\w@$#.\\-/:])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${TLDS})(?![\\w-])(?:/[^\\s<>"]*)?`, 'gi');
const TRAILING = /[.,;:!?'")\]}…]+$/;
const HOST = /^https?:\/\/([a-z0-9.-]+)(?::\d{1,5})?(?:[/?#]|$)/i;

export interface Link {
  tco: string;
  expanded: string;
}

export interface XText {
  /** The text as X shows it (t.co links). */
  text: string;
  links: Link[];
}

/** Deterministic t.co link for a URL: `https://t.co/` + 10 base62 characters. */
export function tcoFor(url: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = createHash('sha256').update(url).digest().readBigUInt64BE(0);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += alphabet[Number(n % 62n)];
    n /= 62n;
  }
  return `https://t.co/${out}`;
}

/** Replaces every linkable URL in `raw` with its t.co link. */
export function linkify(raw: string): XText {
  const found: { start: number; end: number; url: string }[] = [];
  for (const m of raw.matchAll(SCHEMED)) {
    const url = m[0].replace(TRAILING, '');
    const host = HOST.exec(url)?.[1];
    if (host && validHost(host)) found.push({ start: m.index, end: m.index + url.length, url });
  }
  for (const m of raw.matchAll(BARE)) {
    const url = m[0].replace(TRAILING, '');
    const start = m.index;
    if (!found.some((f) => start < f.end && start + url.length > f.start)) found.push({ start, end: start + url.length, url });
  }
  found.sort((a, b) => a.start - b.start);
  let text = '';
  let at = 0;
  const links: Link[] = [];
  for (const f of found) {
    const expanded = /^https?:\/\//i.test(f.url) ? f.url : `http://${f.url}`;
    const tco = tcoFor(expanded);
    text += raw.slice(at, f.start) + tco;
    at = f.end;
    links.push({ tco, expanded });
  }
  return { text: text + raw.slice(at), links };
}

function validHost(host: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return true;
  const labels = host.split('.');
  return labels.length >= 2 && labels.every((l) => l.length > 0) && /^[a-z]{2,}$/i.test(labels.at(-1) ?? '');
}

export interface UrlEntity { start: number; end: number; url: string; expanded_url: string; display_url: string }
export interface TagEntity { start: number; end: number; tag: string }
export interface MentionEntity { start: number; end: number; username: string; id?: string }
export interface Entities { urls?: UrlEntity[]; hashtags?: TagEntity[]; cashtags?: TagEntity[]; mentions?: MentionEntity[] }

/** `display_url`: no scheme, cut with an ellipsis past 25 characters [ASSUMED rule]. */
export function displayUrl(expanded: string): string {
  const bare = expanded.replace(/^https?:\/\/(www\.)?/i, '');
  return bare.length > 25 ? `${bare.slice(0, 21)}…` : bare;
}

/**
 * Entities of an X text (code-point offsets). Mentions carry `id` when `idOf` knows the username.
 * Hashtags, cashtags and mentions inside a link are not entities. Returns undefined when empty,
 * as X omits the field.
 */
export function computeEntities(xText: XText, idOf: (username: string) => string | undefined): Entities | undefined {
  const cps = Array.from(xText.text);
  const units = unitToCodePoint(xText.text);
  const at = (unitIndex: number) => units[unitIndex] ?? cps.length;
  const entities: Entities = {};
  const linkRanges: [number, number][] = [];
  for (const link of xText.links) {
    let from = 0;
    for (let i = xText.text.indexOf(link.tco, from); i >= 0; i = xText.text.indexOf(link.tco, from)) {
      from = i + link.tco.length;
      const start = at(i);
      const end = start + link.tco.length;
      if (linkRanges.some(([s]) => s === start)) continue;
      linkRanges.push([start, end]);
      (entities.urls ??= []).push({ start, end, url: link.tco, expanded_url: link.expanded, display_url: displayUrl(link.expanded) });
    }
  }
  const outsideLinks = (start: number, end: number) => !linkRanges.some(([s, e]) => start < e && end > s);
  for (const m of xText.text.matchAll(/(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu)) {
    const start = at(m.index);
    const end = start + Array.from(m[0]).length;
    if (outsideLinks(start, end)) (entities.hashtags ??= []).push({ start, end, tag: m[1] ?? '' });
  }
  for (const m of xText.text.matchAll(/(?<![\p{L}\p{N}_$])\$([A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?)(?![\p{L}\p{N}_])/gu)) {
    const start = at(m.index);
    if (outsideLinks(start, start + m[0].length)) (entities.cashtags ??= []).push({ start, end: start + m[0].length, tag: m[1] ?? '' });
  }
  for (const m of xText.text.matchAll(/(?<![\p{L}\p{N}_@!#$%&*])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])/gu)) {
    const start = at(m.index);
    if (!outsideLinks(start, start + m[0].length)) continue;
    const username = m[1] ?? '';
    const id = idOf(username);
    (entities.mentions ??= []).push({ start, end: start + m[0].length, username, ...(id ? { id } : {}) });
  }
  for (const list of Object.values(entities) as { start: number }[][]) list.sort((a, b) => a.start - b.start);
  return Object.keys(entities).length > 0 ? entities : undefined;
}

/** Maps UTF-16 indexes to code-point indexes. */
function unitToCodePoint(text: string): number[] {
  const map: number[] = [];
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) map[++i] = cp;
    cp++;
  }
  return map;
}

/**
 * Cuts an X text to `limit` code points, never inside a t.co link (the link is dropped whole), and
 * keeps only the links still present. `ellipsis` is appended when something was cut.
 */
export function cutXText(xText: XText, limit: number, ellipsis = ''): XText {
  const cps = Array.from(xText.text);
  if (cps.length <= limit) return xText;
  let cut = limit - Array.from(ellipsis).length;
  for (const link of xText.links) {
    for (let j = xText.text.indexOf(link.tco); j >= 0; j = xText.text.indexOf(link.tco, j + 1)) {
      const start = Array.from(xText.text.slice(0, j)).length;
      if (start < cut && start + link.tco.length > cut) cut = start;
    }
  }
  const text = cps.slice(0, cut).join('') + ellipsis;
  return { text, links: xText.links.filter((l) => text.includes(l.tco)) };
}
