/**
 * Mastodon's status HTML as plain text, for extraction and for provenance
 * shown as text. A single forward scan, no DOM and no backtracking regex: a
 * tag runs from `<` to the next `>`, `<br>` becomes a newline and block
 * elements (`<p>`) a blank line; every other tag is dropped and its text
 * kept. Mastodon hides parts of long links in `<span class="invisible">`, so
 * keeping all text restores the full URL. Entities are decoded after the tags
 * are gone, so `&lt;script&gt;` becomes the literal text `<script>`.
 *
 * `links` are the `href`s of links that are not mentions or hashtags and
 * whose target does not already appear in the text (a label such as "report"
 * linking elsewhere); they are appended so the extractor sees them.
 */
const BLOCKS = new Set(['p', 'div', 'blockquote', 'pre', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', middot: '·', bull: '•', copy: '©', reg: '®', trade: '™',
};

export function htmlToText(html: string): string {
  let out = '';
  const links: string[] = [];
  let i = 0;
  // The next '>' is found once and reused until passed, so a run of stray '<' stays linear.
  let gt = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out += decodeEntities(html.slice(i));
      break;
    }
    out += decodeEntities(html.slice(i, lt));
    const next = html.charCodeAt(lt + 1);
    if (gt !== -1 && gt <= lt) gt = html.indexOf('>', lt + 1);
    const isTag = gt !== -1 && (isLetter(next) || next === 47 /* / */ || next === 33 /* ! */);
    if (!isTag) {
      // Not markup ("a < b", "<3", an unclosed '<'): text.
      out += '<';
      i = lt + 1;
      continue;
    }
    const tag = html.slice(lt + 1, gt);
    const name = tagName(tag);
    if (name === 'br') out += '\n';
    else if (BLOCKS.has(name)) out += '\n\n';
    else if (name === 'a' && tag[0] !== '/') {
      const href = attribute(tag, 'href');
      if (href && !/\b(mention|hashtag)\b/.test(attribute(tag, 'class') ?? '')) links.push(decodeEntities(href));
    }
    i = gt + 1;
  }
  const text = collapseBlankLines(out).trim();
  const missing = [...new Set(links)].filter((l) => /^https?:\/\//i.test(l) && !text.includes(l));
  return missing.length > 0 ? `${text}\n\n${missing.join('\n')}` : text;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function tagName(tag: string): string {
  let j = tag[0] === '/' ? 1 : 0;
  const start = j;
  while (j < tag.length && (isLetter(tag.charCodeAt(j)) || (tag.charCodeAt(j) >= 48 && tag.charCodeAt(j) <= 57))) j++;
  return tag.slice(start, j).toLowerCase();
}

/** A quoted or bare attribute value inside one tag's text. */
function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
}

/** Runs of three or more newlines (from nested blocks) become one blank line. */
function collapseBlankLines(s: string): string {
  return s.replace(/\n{3,}/g, '\n\n');
}

/** Named (the common ones), decimal and hex character references; unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}
