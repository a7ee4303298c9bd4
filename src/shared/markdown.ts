/**
 * The small Markdown of notes, parsed into plain data that the UI renders
 * as React elements and reports as escaped HTML: never as markup taken from
 * the text. Paragraphs (each line break kept), headings (shown as bold
 * lines), lists, fenced code, and inline **bold**, *em*, `code` and links.
 * Raw HTML is text like any other (`<script>` shows as `<script>`). A link
 * keeps its address as written; `webHref` says whether it may be a link
 * (http and https only). Linear in the length of the text: each closing
 * marker is searched for once per opening position at most, and nesting is
 * bounded.
 */
import { hiddenChars } from './visible-text.js';

export type MdInline =
  | { t: 'text'; text: string }
  | { t: 'strong'; children: MdInline[] }
  | { t: 'em'; children: MdInline[] }
  | { t: 'code'; text: string }
  /** `url` as written; `auto` for an address written bare (its text is the address). */
  | { t: 'link'; children: MdInline[]; url: string; auto: boolean }
  | { t: 'br' };

export type MdBlock =
  | { t: 'p'; children: MdInline[] }
  | { t: 'heading'; level: number; children: MdInline[] }
  | { t: 'list'; ordered: boolean; start: number; items: MdInline[][] }
  | { t: 'code'; text: string };

/** Emphasis inside emphasis inside…: deeper markers are left as text. */
const MAX_DEPTH = 6;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const ITEM = /^ {0,3}(?:([-*+])|(\d{1,9})[.)])[ \t]+(.*)$/;
const BLANK = /^[ \t]*$/;

export function parseMarkdown(source: string): MdBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MdBlock[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length > 0) blocks.push({ t: 'p', children: inlineLines(para) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] as string;
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] as string).trimStart().startsWith(marker); i++) body.push(lines[i] as string);
      blocks.push({ t: 'code', text: body.join('\n') });
      continue;
    }
    if (BLANK.test(line)) {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ t: 'heading', level: (heading[1] as string).length, children: parseInline(heading[2] ?? '') });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      flush();
      const ordered = item[2] !== undefined;
      const items: string[][] = [];
      // Items of one kind in a row; an indented line carries on the item above.
      for (; i < lines.length; i++) {
        const l = lines[i] as string;
        const m = ITEM.exec(l);
        if (m && (m[2] !== undefined) === ordered) items.push([m[3] as string]);
        else if (!m && /^[ \t]+\S/.test(l) && items.length > 0) items[items.length - 1]?.push(l.trim());
        else break;
      }
      i--;
      blocks.push({ t: 'list', ordered, start: ordered ? Number(item[2]) : 1, items: items.map(inlineLines) });
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}

/** Lines of one paragraph or item: each line break kept, as a note is typed. */
function inlineLines(lines: string[]): MdInline[] {
  const out: MdInline[] = [];
  lines.forEach((l, i) => {
    if (i > 0) out.push({ t: 'br' });
    out.push(...parseInline(l.trim()));
  });
  return out;
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const BARE_URL = /^https?:\/\/[^\s<>"]+/i;
/** The longest address read as one (bounds the work per `[`). */
const MAX_URL = 2048;

export function parseInline(text: string, depth = 0): MdInline[] {
  const out: MdInline[] = [];
  let buf = '';
  const push = (node: MdInline) => {
    if (buf !== '') out.push({ t: 'text', text: buf });
    buf = '';
    out.push(node);
  };
  // Where the next closing marker is, from a position on: once one is not found, it is not found further on either.
  const next = new Map<string, number>();
  const find = (marker: string, from: number): number => {
    const known = next.get(marker);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = text.indexOf(marker, from);
    next.set(marker, at);
    return at;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1] as string)) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let n = 1;
      while (text[i + n] === '`') n++;
      const ticks = '`'.repeat(n);
      const close = find(ticks, i + n);
      if (close >= 0) {
        push({ t: 'code', text: text.slice(i + n, close) });
        i = close + n;
      } else {
        buf += ticks;
        i += n;
      }
      continue;
    }
    if ((c === '*' || c === '_') && depth < MAX_DEPTH) {
      const double = text[i + 1] === c;
      const marker = double ? c + c : c;
      const start = i + marker.length;
      const opens = start < text.length && !/\s/.test(text[start] as string) && (c === '*' || i === 0 || !WORD.test(text[i - 1] as string));
      const close = opens ? find(marker, start + 1) : -1;
      if (close > start && !/\s/.test(text[close - 1] as string) && (c === '*' || !WORD.test(text[close + marker.length] ?? ''))) {
        const children = parseInline(text.slice(start, close), depth + 1);
        push(double ? { t: 'strong', children } : { t: 'em', children });
        i = close + marker.length;
        continue;
      }
      buf += marker;
      i = start;
      continue;
    }
    if (c === '[' && depth < MAX_DEPTH) {
      const end = find('](', i + 1);
      const label = end > i ? text.slice(i + 1, end) : '';
      const close = end > i && !label.includes(']') ? linkEnd(text, end + 2) : -1;
      if (close > end) {
        const url = text.slice(end + 2, close).replace(/^<(.*)>$/, '$1');
        push({ t: 'link', children: parseInline(label, depth + 1), url, auto: false });
        i = close + 1;
        continue;
      }
    }
    if ((c === 'h' || c === 'H') && (i === 0 || /[\s(]/.test(text[i - 1] as string))) {
      const m = BARE_URL.exec(text.slice(i, i + MAX_URL));
      if (m) {
        // Closing punctuation after an address ends the sentence, not the address.
        const url = m[0].replace(/[.,;:!?)\]'*_]+$/, '');
        push({ t: 'link', children: [{ t: 'text', text: url }], url, auto: true });
        i += url.length;
        continue;
      }
    }
    buf += c;
    i++;
  }
  if (buf !== '') out.push({ t: 'text', text: buf });
  return out;
}

/** Where a link's address ends: its `)`, parentheses inside balanced (`javascript:alert(1)`); -1 at a space or past MAX_URL. */
function linkEnd(text: string, from: number): number {
  let open = 0;
  for (let j = from; j < text.length && j - from <= MAX_URL; j++) {
    const c = text[j] as string;
    if (c === '(') open++;
    else if (c === ')' && open-- === 0) return j;
    else if (/\s/.test(c)) return -1;
  }
  return -1;
}

/**
 * The address to link to when the link may be one: http or https, and
 * nothing hidden in it (a bidi override or a zero-width space would make
 * the shown address differ from the one opened). Null: show it as text.
 */
export function webHref(url: string): string | null {
  if (/\s/.test(url) || hiddenChars(url).length > 0) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/** The text of inline nodes without their markup (a link's label, a title). */
export function inlineText(nodes: readonly MdInline[]): string {
  return nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.text : n.t === 'br' ? '\n' : inlineText(n.children))).join('');
}
