import { createHash } from 'node:crypto';

/**
 * Bluesky actors, posts and reposts for the stand-in (x-api.md §5.2). Posts carry what the official
 * app writes: links shown shortened in `text` (`example.com/reports/20...`) with the full URL only in
 * `facets[].features[]` (`app.bsky.richtext.facet#link`), byte offsets in UTF-8.
 */
export interface BskyActor {
  did: string;
  handle: string;
  displayName?: string;
  description?: string;
  createdAt?: string;
  pinnedPostUri?: string;
}

export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: ({ $type: 'app.bsky.richtext.facet#link'; uri: string } | { $type: 'app.bsky.richtext.facet#mention'; did: string } | { $type: 'app.bsky.richtext.facet#tag'; tag: string })[];
}

export interface BskyPost {
  uri: string;
  cid: string;
  authorDid: string;
  indexedAt: string;
  record: {
    $type: 'app.bsky.feed.post';
    text: string;
    createdAt: string;
    facets?: Facet[];
    langs?: string[];
    reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
    embed?: { $type: 'app.bsky.embed.images'; images: { alt: string; image: { $type: 'blob'; ref: { $link: string }; mimeType: string; size: number } }[] };
  };
}

export interface BskyRepost {
  uri: string;
  cid: string;
  byDid: string;
  subject: BskyPost;
  indexedAt: string;
}

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + B32[(value << (5 - bits)) & 31] : out;
}

/** A well-formed CIDv1 (dag-cbor, sha-256) string of `content`: `bafyrei…`. */
export function cidOf(content: string): string {
  const digest = createHash('sha256').update(content).digest();
  return `b${base32(Uint8Array.from([0x01, 0x71, 0x12, 0x20, ...digest]))}`;
}

let clockId = 0;
/** A TID record key: 53 bits of microseconds and 10 bits of clock id, base32-sortable (13 chars). */
export function tid(ms: number): string {
  let n = (BigInt(Math.floor(ms)) * 1000n << 10n) | BigInt(clockId++ & 1023);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = SORTABLE[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

export function makeActor(input: { handle: string } & Partial<BskyActor>): BskyActor {
  const did = input.did ?? `did:plc:${base32(createHash('sha256').update(input.handle).digest()).slice(0, 24)}`;
  return { ...input, handle: input.handle.toLowerCase(), did };
}

/** The official app's `toShortUrl`: host + path, the path cut to 13 characters + `...` past 15. */
export function shortUrl(url: string): string {
  const u = new URL(url);
  const path = (u.pathname === '/' ? '' : u.pathname) + u.search + u.hash;
  return path.length > 15 ? `${u.host}${path.slice(0, 13)}...` : u.host + path;
}

const TLDS = /\.(com|net|org|info|io|co|xyz|top|ru|cn|de|uk|sh|app|dev|social)$/i;
const TOKENS = /(?<=^|\s|\()(https?:\/\/\S+|[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+\S*)|(?<=^|\s)@([a-z0-9.-]+\.[a-z]+)|(?<=^|\s)#([^\s#]*[^\d\s#][^\s#]*)/gi;

export interface MakeBskyPostInput {
  author: BskyActor;
  /** As typed; URLs get link facets and are shortened in `text` unless `shortenLinks: false`. */
  text: string;
  createdAt: string | number | Date;
  /** Known actors, for mention facets. */
  known?: BskyActor[];
  replyTo?: BskyPost;
  images?: number;
  langs?: string[];
  shortenLinks?: boolean;
}

export function makeBskyPost(input: MakeBskyPostInput): BskyPost {
  const createdAt = new Date(input.createdAt).toISOString();
  const facets: Facet[] = [];
  let text = '';
  let at = 0;
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  for (const m of input.text.matchAll(TOKENS)) {
    const raw = m[0].replace(/[.,;:!?'")]+$/, '');
    let shown = raw;
    let feature: Facet['features'][number] | undefined;
    if (m[1]) {
      const withScheme = /^https?:\/\//i.test(raw);
      if (!withScheme && !TLDS.test(raw.split('/')[0] ?? '')) continue;
      const uri = withScheme ? raw : `https://${raw}`;
      feature = { $type: 'app.bsky.richtext.facet#link', uri };
      if (input.shortenLinks !== false && withScheme) shown = shortUrl(uri);
    } else if (m[2]) {
      const target = (input.known ?? []).find((a) => a.handle === m[2]?.toLowerCase());
      if (target) feature = { $type: 'app.bsky.richtext.facet#mention', did: target.did };
    } else if (m[3]) feature = { $type: 'app.bsky.richtext.facet#tag', tag: raw.slice(1) };
    if (!feature) continue;
    text += input.text.slice(at, m.index);
    facets.push({ index: { byteStart: bytes(text), byteEnd: bytes(text) + bytes(shown) }, features: [feature] });
    text += shown;
    at = m.index + raw.length;
  }
  text += input.text.slice(at);
  const record: BskyPost['record'] = { $type: 'app.bsky.feed.post', text, createdAt, langs: input.langs ?? ['en'] };
  if (facets.length > 0) record.facets = facets;
  if (input.replyTo) {
    const parent = { uri: input.replyTo.uri, cid: input.replyTo.cid };
    record.reply = { root: input.replyTo.record.reply?.root ?? parent, parent };
  }
  if (input.images) {
    record.embed = { $type: 'app.bsky.embed.images', images: Array.from({ length: input.images }, (_, i) => ({ alt: '', image: { $type: 'blob', ref: { $link: cidOf(`${createdAt}${i}`) }, mimeType: 'image/jpeg', size: 1000 } })) };
  }
  const uri = `at://${input.author.did}/app.bsky.feed.post/${tid(Date.parse(createdAt))}`;
  return { uri, cid: cidOf(uri + JSON.stringify(record)), authorDid: input.author.did, indexedAt: createdAt, record };
}

export function makeRepost(subject: BskyPost, by: { actor: BskyActor; createdAt: string | number | Date }): BskyRepost {
  const indexedAt = new Date(by.createdAt).toISOString();
  const uri = `at://${by.actor.did}/app.bsky.feed.repost/${tid(Date.parse(indexedAt))}`;
  return { uri, cid: cidOf(uri), byDid: by.actor.did, subject, indexedAt };
}
