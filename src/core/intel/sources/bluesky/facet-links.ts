/** A facet as the lexicon gives it: a UTF-8 byte range of `text` and what it means. */
interface Facet {
  index?: { byteStart?: unknown; byteEnd?: unknown } | null;
  features?: unknown;
}

const LINK = 'app.bsky.richtext.facet#link';
const MAX_URI = 2048;

/**
 * The post text with each link facet's shown text (the app shortens long
 * links: `example.com/reports/20...`) replaced by the facet's full `uri`.
 * A facet whose range is out of bounds, overlaps another or cuts a UTF-8
 * character is not trusted: its URI is appended on a line of its own instead,
 * unless the text already holds it.
 */
export function textWithLinks(text: string, facets: unknown): string {
  const links = (Array.isArray(facets) ? (facets as Facet[]) : []).flatMap((f) => {
    const uri = linkUri(f?.features);
    if (uri === null) return [];
    const start = f?.index?.byteStart;
    const end = f?.index?.byteEnd;
    return [{ uri, start: typeof start === 'number' ? start : -1, end: typeof end === 'number' ? end : -1 }];
  });
  if (links.length === 0) return text;
  const bytes = Buffer.from(text, 'utf8');
  const boundary = (i: number) => Number.isInteger(i) && i >= 0 && i <= bytes.length && (i === bytes.length || ((bytes[i] ?? 0) & 0xc0) !== 0x80);
  const pieces: string[] = [];
  const appended: string[] = [];
  let at = 0;
  for (const l of [...links].sort((a, b) => a.start - b.start)) {
    if (l.start >= at && l.end > l.start && boundary(l.start) && boundary(l.end)) {
      pieces.push(bytes.subarray(at, l.start).toString('utf8'), l.uri);
      at = l.end;
    } else appended.push(l.uri);
  }
  pieces.push(bytes.subarray(at).toString('utf8'));
  const out = pieces.join('');
  const extra = [...new Set(appended)].filter((u) => !out.includes(u));
  return extra.length > 0 ? `${out}\n${extra.join('\n')}` : out;
}

function linkUri(features: unknown): string | null {
  if (!Array.isArray(features)) return null;
  for (const f of features as { $type?: unknown; uri?: unknown }[]) {
    if (f?.$type === LINK && typeof f.uri === 'string' && f.uri.length > 0 && f.uri.length <= MAX_URI && !/[\s]/.test(f.uri)) return f.uri;
  }
  return null;
}
