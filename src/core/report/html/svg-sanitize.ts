import { escapeMarkup, htmlText } from '../../../shared/html-escape.js';

/**
 * The graph the UI sends with a report (its "export SVG" of the current
 * view) comes from a page, so it is as hostile as any file: it is parsed and
 * drawn again from a whitelist, never copied. Only drawing elements (no
 * script, style, foreignObject, image, use, a, animate…) and only their
 * geometry and paint attributes, each value held to a pattern (numbers,
 * path data, colours, a few keywords; no url(), no href, no style, no on*),
 * text re-escaped with hidden characters shown. Anything else is left out;
 * a file that does not parse as this small XML is refused (the report then
 * draws the findings' graph itself).
 */

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?(px|%)?$/;
const NUMBERS = /^[-+0-9.eE,\s]*$/;
const PATH = /^[MmLlHhVvCcSsQqTtAaZz0-9eE.,\s+-]*$/;
const PAINT = /^(none|currentColor|transparent|#[0-9a-fA-F]{3,8}|rgba?\(\s*[0-9.]+%?\s*,\s*[0-9.]+%?\s*,\s*[0-9.]+%?\s*(,\s*[0-9.]+%?\s*)?\)|[a-zA-Z]{3,20})$/;
const KEYWORD = /^[a-zA-Z-]{1,20}$/;
const FONT = /^[\w\s,'"-]{1,200}$/;
const TRANSFORM = /^(\s*(translate|scale|rotate|matrix)\(\s*[-+0-9.eE,\s]*\)\s*)*$/;

const checks: Record<string, RegExp> = {
  x: NUMBER, y: NUMBER, x1: NUMBER, x2: NUMBER, y1: NUMBER, y2: NUMBER, cx: NUMBER, cy: NUMBER, r: NUMBER, rx: NUMBER, ry: NUMBER,
  width: NUMBER, height: NUMBER, dx: NUMBER, dy: NUMBER, 'stroke-width': NUMBER, 'font-size': NUMBER,
  opacity: NUMBER, 'fill-opacity': NUMBER, 'stroke-opacity': NUMBER,
  viewBox: NUMBERS, points: NUMBERS, 'stroke-dasharray': NUMBERS,
  d: PATH,
  fill: PAINT, stroke: PAINT,
  'text-anchor': KEYWORD, 'dominant-baseline': KEYWORD, 'paint-order': /^[a-z\s]{1,40}$/, 'stroke-linejoin': KEYWORD, 'stroke-linecap': KEYWORD, 'font-weight': /^(\d{3}|[a-z]{1,10})$/,
  'font-family': FONT,
  transform: TRANSFORM,
};
const ELEMENTS = new Set(['svg', 'g', 'path', 'circle', 'ellipse', 'rect', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc']);
/** Elements whose text is kept (the rest hold only whitespace between elements). */
const TEXT_ELEMENTS = new Set(['text', 'tspan', 'title', 'desc']);
/** More elements than the UI's export of a 10,000-node view ever writes. */
const MAX_ELEMENTS = 400_000;
const MAX_DEPTH = 64;

export type SanitizedSvg = { svg: string; elements: number; dropped: number } | { error: string };

const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/y;
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g;

/** The SVG drawn again from the whitelist, with `class` and size for the report; or why it could not be read. */
export function sanitizeSvg(source: string, className: string): SanitizedSvg {
  let i = 0;
  const out: string[] = [];
  const open: string[] = [];
  /** Depth inside a left-out element: its whole subtree goes. */
  let skipping = 0;
  let elements = 0;
  let dropped = 0;
  let root = false;
  const fail = (why: string): SanitizedSvg => ({ error: `${why} (at character ${i})` });
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = source.slice(i, lt === -1 ? source.length : lt);
    if (text.trim() !== '') {
      if (open.length === 0) return fail('text outside the <svg> element');
      const decoded = decodeEntities(text);
      if (decoded === null) return fail('an unknown character entity');
      if (skipping === 0 && TEXT_ELEMENTS.has(open.at(-1) as string)) out.push(htmlText(decoded));
    }
    if (lt === -1) break;
    i = lt;
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      if (end === -1) return fail('an unclosed comment');
      i = end + 3;
      continue;
    }
    if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i + 2);
      if (end === -1 || open.length > 0) return fail('a processing instruction');
      i = end + 2;
      continue;
    }
    // A DOCTYPE may declare entities, CDATA hides markup: neither is in the UI's export.
    if (source.startsWith('<!', i)) return fail('a DOCTYPE or CDATA section');
    if (source.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(source);
      if (!m || open.at(-1) !== m[0]) return fail(`a closing tag that does not match <${open.at(-1) ?? ''}>`);
      i = NAME.lastIndex;
      while (/\s/.test(source[i] ?? '')) i++;
      if (source[i] !== '>') return fail('a broken closing tag');
      i++;
      open.pop();
      if (skipping > 0) skipping--;
      else out.push(`</${m[0]}>`);
      continue;
    }
    NAME.lastIndex = i + 1;
    const m = NAME.exec(source);
    if (!m) return fail('a "<" that starts no element');
    const name = m[0];
    i = NAME.lastIndex;
    const attrs: [string, string][] = [];
    for (;;) {
      ATTRIBUTE.lastIndex = i;
      const a = ATTRIBUTE.exec(source);
      if (!a) break;
      const value = decodeEntities(a[3] ?? a[4] ?? '');
      if (value === null) return fail('an unknown character entity in an attribute');
      attrs.push([a[1] as string, value]);
      i = ATTRIBUTE.lastIndex;
    }
    while (/\s/.test(source[i] ?? '')) i++;
    const selfClosing = source[i] === '/';
    if (selfClosing) i++;
    if (source[i] !== '>') return fail(`a broken <${name}> tag`);
    i++;
    if (open.length === 0) {
      if (name !== 'svg' || root) return fail('the file is not one <svg> element');
      root = true;
    }
    if (++elements > MAX_ELEMENTS) return fail(`more than ${MAX_ELEMENTS} elements`);
    if (open.length >= MAX_DEPTH) return fail(`elements nested more than ${MAX_DEPTH} deep`);
    const kept = skipping === 0 && ELEMENTS.has(name);
    if (!kept) dropped++;
    if (kept) out.push(open.length === 0 ? rootTag(attrs, className) : tag(name, attrs, () => dropped++));
    if (selfClosing) {
      if (kept) out[out.length - 1] = (out.at(-1) as string).replace(/>$/, '/>');
      if (open.length === 0) return fail('an empty <svg> element');
      continue;
    }
    open.push(name);
    if (!kept) skipping++;
  }
  if (!root) return { error: 'no <svg> element' };
  if (open.length > 0) return { error: `<${open.at(-1)}> is not closed` };
  return { svg: out.join(''), elements, dropped };
}

function tag(name: string, attrs: [string, string][], onDrop: () => void): string {
  let s = `<${name}`;
  for (const [k, v] of attrs) {
    const check = checks[k];
    if (check && check.test(v) && !/url\s*\(/i.test(v)) s += ` ${k}="${escapeMarkup(v)}"`;
    else onDrop();
  }
  return `${s}>`;
}

/** The root: our own namespace and class, the drawing's viewBox (from its width and height when it has none), sized by the page. */
function rootTag(attrs: [string, string][], className: string): string {
  const get = (k: string) => attrs.find(([a]) => a === k)?.[1];
  const w = Number.parseFloat(get('width') ?? '');
  const h = Number.parseFloat(get('height') ?? '');
  const given = get('viewBox');
  const viewBox = given && NUMBERS.test(given) && given.trim().split(/[\s,]+/).length === 4 ? given.trim() : Number.isFinite(w) && Number.isFinite(h) ? `0 0 ${w} ${h}` : null;
  const keep = attrs.filter(([k]) => k === 'font-family' || k === 'font-size' || k === 'fill' || k === 'stroke');
  const rest = tag('svg', keep, () => undefined).slice(4, -1);
  return `<svg class="${escapeMarkup(className)}" xmlns="http://www.w3.org/2000/svg"${viewBox ? ` viewBox="${escapeMarkup(viewBox)}"` : ''} role="img" aria-label="the graph as shown in Sightline"${rest}>`;
}

/** The five XML entities and numeric references; null for any other (a DOCTYPE's entities are refused). */
function decodeEntities(text: string): string | null {
  if (!text.includes('&')) return text;
  if (/&(?!(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);)/.test(text)) return null;
  return text.replace(ENTITY, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] as string;
  });
}
