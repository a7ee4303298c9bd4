import type { BskyActor, BskyPost, BskyRepost } from './data.js';

/** Lexicon views (`app.bsky.actor.defs`, `app.bsky.feed.defs`) built from the stand-in's records. */
export interface Indexed {
  actors: Map<string, BskyActor>;
  posts: BskyPost[];
  reposts: BskyRepost[];
}

export function profileBasic(actor: BskyActor): Record<string, unknown> {
  return {
    did: actor.did,
    handle: actor.handle,
    displayName: actor.displayName ?? '',
    viewer: { muted: false, blockedBy: false },
    labels: [],
    createdAt: actor.createdAt ?? '2023-04-12T10:00:00.000Z',
  };
}

export function profileDetailed(actor: BskyActor, data: Indexed): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...profileBasic(actor),
    description: actor.description ?? '',
    followersCount: 0,
    followsCount: 0,
    postsCount: data.posts.filter((p) => p.authorDid === actor.did).length,
    associated: { lists: 0, feedgens: 0, starterPacks: 0, labeler: false },
    indexedAt: actor.createdAt ?? '2023-04-12T10:00:00.000Z',
  };
  if (actor.pinnedPostUri) out.pinnedPost = { uri: actor.pinnedPostUri, cid: data.posts.find((p) => p.uri === actor.pinnedPostUri)?.cid };
  return out;
}

export function postView(post: BskyPost, data: Indexed): Record<string, unknown> {
  const author = data.actors.get(post.authorDid);
  if (!author) throw new Error(`post ${post.uri}: unknown author`);
  const out: Record<string, unknown> = {
    uri: post.uri,
    cid: post.cid,
    author: profileBasic(author),
    record: post.record,
    replyCount: data.posts.filter((p) => p.record.reply?.parent.uri === post.uri).length,
    repostCount: data.reposts.filter((r) => r.subject.uri === post.uri).length,
    likeCount: 0,
    quoteCount: 0,
    indexedAt: post.indexedAt,
    viewer: { threadMuted: false, embeddingDisabled: false },
    labels: [],
  };
  const images = post.record.embed?.images;
  if (images) {
    out.embed = {
      $type: 'app.bsky.embed.images#view',
      images: images.map((img) => ({
        thumb: `https://cdn.bsky.app/img/feed_thumbnail/plain/${post.authorDid}/${img.image.ref.$link}@jpeg`,
        fullsize: `https://cdn.bsky.app/img/feed_fullsize/plain/${post.authorDid}/${img.image.ref.$link}@jpeg`,
        alt: img.alt,
      })),
    };
  }
  return out;
}

/** A union member of `reply.root` / `reply.parent`: a post view, or `notFoundPost`. */
function replyRef(uri: string, data: Indexed): Record<string, unknown> {
  const post = data.posts.find((p) => p.uri === uri);
  return post ? { $type: 'app.bsky.feed.defs#postView', ...postView(post, data) } : { $type: 'app.bsky.feed.defs#notFoundPost', uri, notFound: true };
}

export type FeedItem = { kind: 'post'; post: BskyPost; sortAt: string } | { kind: 'repost'; repost: BskyRepost; sortAt: string } | { kind: 'pin'; post: BskyPost; sortAt: string };

/** `app.bsky.feed.defs#feedViewPost`. */
export function feedViewPost(item: FeedItem, data: Indexed): Record<string, unknown> {
  const post = item.kind === 'repost' ? item.repost.subject : item.post;
  const out: Record<string, unknown> = { post: postView(post, data) };
  const reply = post.record.reply;
  if (reply) out.reply = { root: replyRef(reply.root.uri, data), parent: replyRef(reply.parent.uri, data) };
  if (item.kind === 'repost') {
    const by = data.actors.get(item.repost.byDid);
    out.reason = { $type: 'app.bsky.feed.defs#reasonRepost', by: by ? profileBasic(by) : {}, uri: item.repost.uri, cid: item.repost.cid, indexedAt: item.repost.indexedAt };
  }
  if (item.kind === 'pin') out.reason = { $type: 'app.bsky.feed.defs#reasonPin' };
  return out;
}
