import type { StoredPost } from './store.js';

/**
 * Opaque pagination tokens (x-api.md §2.4): base32hex (`[0-9a-v]+`) of `{kind, direction, cursor}`.
 * `next` pages hold Posts older than the cursor, `prev` pages the Posts just newer than it.
 * The same token always gives the same page; a token of another endpoint is refused.
 */
export type TokenKind = 'timeline' | 'search';
export interface Cursor {
  dir: 'next' | 'prev';
  id: bigint;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

export function encodeToken(kind: TokenKind, cursor: Cursor): string {
  const bytes = Buffer.from(`${kind[0]}${cursor.dir[0]}${cursor.id}`);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** The cursor in `token` if it is a token of `kind`; undefined for anything else. */
export function decodeToken(kind: TokenKind, token: string): Cursor | undefined {
  if (!/^[0-9a-v]+$/.test(token)) return undefined;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of token) {
    value = ((value << 5) | ALPHABET.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const m = /^([ts])([np])(\d{1,20})$/.exec(Buffer.from(bytes).toString('latin1'));
  if (!m || m[1] !== kind[0]) return undefined;
  return { dir: m[2] === 'n' ? 'next' : 'prev', id: BigInt(m[3] ?? '0') };
}

export interface Meta {
  result_count: number;
  newest_id?: string;
  oldest_id?: string;
  next_token?: string;
  previous_token?: string;
}

/**
 * One page of `posts` (already filtered, newest first). `meta` as documented: `newest_id`/`oldest_id`
 * only with results, `next_token` only while older Posts remain, `previous_token` only on pages
 * reached with a token, and never for search.
 */
export function paginate(posts: StoredPost[], max: number, cursor: Cursor | undefined, kind: TokenKind): { page: StoredPost[]; meta: Meta } {
  let page: StoredPost[];
  if (!cursor) page = posts.slice(0, max);
  else if (cursor.dir === 'next') page = posts.filter((p) => p.id < cursor.id).slice(0, max);
  else page = posts.filter((p) => p.id > cursor.id).slice(-max);
  const meta: Meta = { result_count: page.length };
  const newest = page[0];
  const oldest = page.at(-1);
  if (newest && oldest) {
    meta.newest_id = newest.post.id;
    meta.oldest_id = oldest.post.id;
  }
  // An empty page still knows where it is: just below (next) or at (prev) the cursor.
  const olderThan = oldest ? oldest.id : cursor ? (cursor.dir === 'next' ? cursor.id : cursor.id + 1n) : undefined;
  if (olderThan !== undefined && posts.some((p) => p.id < olderThan)) meta.next_token = encodeToken(kind, { dir: 'next', id: olderThan });
  if (cursor && kind === 'timeline') {
    const newerThan = newest ? newest.id : cursor.dir === 'next' ? cursor.id - 1n : cursor.id;
    meta.previous_token = encodeToken(kind, { dir: 'prev', id: newerThan });
  }
  return { page, meta };
}
