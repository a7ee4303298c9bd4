import { isStorableTime } from '../../../bounds.js';
import type { SocialPost } from '../post-records.js';
import { textWithLinks } from './facet-links.js';

/** The parts of `app.bsky.feed.defs#feedViewPost` Sightline reads (x-api.md §5.2). Everything is checked: the answer is not trusted. */
interface PostView {
  uri: string;
  author?: { did?: unknown; handle?: unknown } | null;
  record?: { text?: unknown; createdAt?: unknown; facets?: unknown } | null;
  indexedAt?: unknown;
}
interface FeedViewPost {
  post?: (Omit<PostView, 'uri'> & { uri?: unknown }) | null;
  reason?: { $type?: unknown; uri?: unknown; indexedAt?: unknown } | null;
}

/** One item of an author feed, as the sync orders and remembers it. */
export interface FeedEntry {
  /** The item's identity in the feed: the post's AT-URI, or the repost record's for a repost. */
  key: string;
  /** When the item entered the feed (its sort key): the post's indexedAt, or the repost's. */
  at: string;
  post: PostView;
}

const POST_URI = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]{1,2000})\/app\.bsky\.feed\.post\/([A-Za-z0-9._~:-]{1,512})$/;
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const REPOST = 'app.bsky.feed.defs#reasonRepost';

/**
 * A getAuthorFeed answer as entries, newest first. Reposts are kept (a
 * reposted IoC post is still an IoC; the post is credited to its author);
 * pinned posts and any other `reason` are skipped: they are out of order.
 * Null when the answer is not a feed page.
 */
export function feedPage(body: unknown): { cursor: string | null; entries: FeedEntry[] } | null {
  const b = body as { cursor?: unknown; feed?: unknown } | null;
  if (typeof b !== 'object' || b === null || !Array.isArray(b.feed)) return null;
  const entries: FeedEntry[] = [];
  for (const item of b.feed as (FeedViewPost | null)[]) {
    const post = item?.post;
    if (typeof post?.uri !== 'string' || !POST_URI.test(post.uri)) continue;
    const reason = item?.reason;
    if (reason && reason.$type !== REPOST) continue;
    const key = reason ? (typeof reason.uri === 'string' ? reason.uri : `${post.uri}#repost`) : post.uri;
    const at = reason ? reason.indexedAt : post.indexedAt;
    entries.push({ key, at: typeof at === 'string' ? at : '', post: post as PostView });
  }
  const cursor = typeof b.cursor === 'string' && b.cursor.length > 0 && b.cursor.length <= 1024 ? b.cursor : null;
  return { cursor, entries };
}

/** A feed entry as a SocialPost: link facets expanded, the post's own URL on bsky.app, ref `bsky:<at-uri>`. */
export function entryPost(entry: FeedEntry, now: number): SocialPost {
  const { post } = entry;
  const [, did = '', rkey = ''] = POST_URI.exec(post.uri) ?? [];
  const handle = isHandle(post.author?.handle) ? post.author.handle.toLowerCase() : null;
  const text = typeof post.record?.text === 'string' ? post.record.text : '';
  return {
    ref: `bsky:${post.uri}`,
    text: textWithLinks(text, post.record?.facets),
    createdAt: postedAt(post.record?.createdAt, post.indexedAt, now),
    author: handle ?? did,
    url: `https://bsky.app/profile/${handle ?? did}/post/${rkey}`,
  };
}

/**
 * `createdAt` is whatever the author's client wrote; `indexedAt` is when the
 * AppView saw the post. The earlier of the two (and never the future): a
 * post dated 2099 must not keep its indicators fresh forever, while a post
 * imported with its original, older date keeps it.
 */
function postedAt(createdAt: unknown, indexedAt: unknown, now: number): string {
  const times = [createdAt, indexedAt].map((t) => (typeof t === 'string' ? Date.parse(t) : NaN)).filter(isStorableTime);
  return new Date(Math.min(now, ...times)).toISOString();
}

export function isHandle(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 253 && HANDLE.test(v);
}
