import { afterEach, describe, expect, it } from 'vitest';
import { makeActor, makeBskyPost, makeRepost, shortUrl, startBlueskyStandIn, type BlueskyStandIn, type BlueskyStandInOptions, type BskyPost } from '../standins/bluesky/index.js';

// The Bluesky AppView stand-in over plain fetch (x-api.md §5.2).
const NOW = Date.parse('2026-08-20T12:00:00Z');
const MIN = 60_000;
const feed = makeActor({ handle: 'honeyfeed.bsky.social', displayName: 'Honeypot feed' });
const other = makeActor({ handle: 'analyst.example.com' });

const running: BlueskyStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function standIn(options: BlueskyStandInOptions = {}): Promise<BlueskyStandIn> {
  const server = await startBlueskyStandIn({ now: NOW, ...options, actors: [feed, other, ...(options.actors ?? [])] });
  running.push(server);
  return server;
}

interface FeedItem { post: { uri: string; record: { text: string; facets?: unknown[] }; author: { did: string } }; reason?: { $type: string; by?: { did: string } }; reply?: { parent: { $type: string } } }
interface Feed { cursor?: string; feed: FeedItem[] }

async function xrpc(server: BlueskyStandIn, method: string, params: Record<string, string | number>) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${server.baseUrl}/xrpc/${method}?${query.toString()}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const authorFeed = async (server: BlueskyStandIn, params: Record<string, string | number>) => (await xrpc(server, 'app.bsky.feed.getAuthorFeed', { actor: feed.did, ...params })).body as unknown as Feed;
const series = (count: number, newestAgoMin = 1): BskyPost[] =>
  Array.from({ length: count }, (_, i) => makeBskyPost({ author: feed, createdAt: NOW - (newestAgoMin + count - 1 - i) * MIN, text: `SSH attack from 198.51.100.${i}` }));

describe('Bluesky stand-in', () => {
  it('resolves handles and profiles to DIDs, with XRPC InvalidRequest errors for bad or unknown actors', async () => {
    const server = await standIn({ posts: series(3) });
    expect(feed.did).toMatch(/^did:plc:[a-z2-7]{24}$/);
    expect((await xrpc(server, 'com.atproto.identity.resolveHandle', { handle: 'HoneyFeed.bsky.social' })).body).toEqual({ did: feed.did });
    const profile = await xrpc(server, 'app.bsky.actor.getProfile', { actor: 'honeyfeed.bsky.social' });
    expect(profile.body).toMatchObject({ did: feed.did, handle: 'honeyfeed.bsky.social', displayName: 'Honeypot feed', postsCount: 3 });
    expect((await xrpc(server, 'app.bsky.actor.getProfile', { actor: feed.did })).body.handle).toBe('honeyfeed.bsky.social');
    expect(await xrpc(server, 'app.bsky.actor.getProfile', { actor: 'nobody.bsky.social' })).toMatchObject({ status: 400, body: { error: 'InvalidRequest', message: 'Profile not found' } });
    expect((await xrpc(server, 'app.bsky.actor.getProfile', { actor: 'not a handle' })).body).toEqual({ error: 'InvalidRequest', message: 'Error: actor must be a valid did or a handle' });
    expect((await xrpc(server, 'app.bsky.actor.getProfile', {})).body).toEqual({ error: 'InvalidRequest', message: 'Error: Params must have the property "actor"' });
    expect((await xrpc(server, 'com.atproto.identity.resolveHandle', { handle: 'gone.bsky.social' })).body).toEqual({ error: 'InvalidRequest', message: 'Unable to resolve handle' });
    expect(await xrpc(server, 'app.bsky.feed.searchPosts', { q: 'ssh' })).toMatchObject({ status: 501, body: { error: 'MethodNotImplemented' } });
  });

  it('pages the author feed newest first with an opaque cursor until a response has none; limit is 1..100, default 50', async () => {
    const posts = series(120);
    const server = await standIn({ posts });
    const newestFirst = posts.map((p) => p.uri).reverse();
    expect((await authorFeed(server, {})).feed).toHaveLength(50);
    const walk = async (limit: number) => {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await authorFeed(server, { limit, ...(cursor ? { cursor } : {}) });
        pages.push(page.feed.map((item) => item.post.uri));
        cursor = page.cursor;
      } while (cursor);
      return pages;
    };
    const byFifty = await walk(50);
    expect(byFifty.flat()).toEqual(newestFirst);
    expect(byFifty.map((p) => p.length)).toEqual([50, 50, 20]);
    // A full last page still carries a cursor; the call after it answers an empty feed without one.
    expect((await walk(40)).map((p) => p.length)).toEqual([40, 40, 40, 0]);
    for (const [limit, message] of [[0, 'Error: limit can not be less than 1'], [101, 'Error: limit can not be greater than 100'], ['ten', 'Error: limit must be an integer']] as const) {
      expect((await xrpc(server, 'app.bsky.feed.getAuthorFeed', { actor: feed.did, limit })).body).toEqual({ error: 'InvalidRequest', message });
    }
    expect((await xrpc(server, 'app.bsky.feed.getAuthorFeed', { actor: feed.did, cursor: 'garbage' })).status).toBe(400);
  });

  it('shortens links in text and keeps the full URL in link facets with UTF-8 byte offsets; mentions and tags are facets too', async () => {
    const url = 'https://www.example.com/reports/2026/08/20/ssh.html';
    const post = makeBskyPost({ author: feed, createdAt: NOW - MIN, known: [other], text: `🍯 Brute force → ${url} from 203.0.113.9 #honeypot @analyst.example.com evil.sh` });
    const server = await standIn({ posts: [post] });
    const record = (await authorFeed(server, {})).feed[0]?.post.record as { text: string; facets: { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[] };
    expect(shortUrl(url)).toBe('www.example.com/reports/2026...');
    expect(record.text).toBe('🍯 Brute force → www.example.com/reports/2026... from 203.0.113.9 #honeypot @analyst.example.com evil.sh');
    const bytes = Buffer.from(record.text, 'utf8');
    const slices = record.facets.map((f) => [bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'), f.features[0]]);
    expect(slices).toEqual([
      ['www.example.com/reports/2026...', { $type: 'app.bsky.richtext.facet#link', uri: url }],
      ['#honeypot', { $type: 'app.bsky.richtext.facet#tag', tag: 'honeypot' }],
      ['@analyst.example.com', { $type: 'app.bsky.richtext.facet#mention', did: other.did }],
      ['evil.sh', { $type: 'app.bsky.richtext.facet#link', uri: 'https://evil.sh' }],
    ]);
  });

  it('marks reposts with reason, shows replies with their parents, and applies filter and includePins', async () => {
    const theirs = makeBskyPost({ author: other, createdAt: NOW - 50 * MIN, text: 'scanner at 192.0.2.7' });
    const own = makeBskyPost({ author: feed, createdAt: NOW - 40 * MIN, text: 'SSH from 198.51.100.1' });
    const replyToThem = makeBskyPost({ author: feed, createdAt: NOW - 30 * MIN, text: 'seen it too', replyTo: theirs });
    const selfThread = makeBskyPost({ author: feed, createdAt: NOW - 20 * MIN, text: 'and again', replyTo: own });
    const repost = makeRepost(theirs, { actor: feed, createdAt: NOW - 10 * MIN });
    const withImage = makeBskyPost({ author: feed, createdAt: NOW - 5 * MIN, text: 'screenshot', images: 1 });
    const pinnedFeed = { ...feed, pinnedPostUri: own.uri };
    const server = await standIn({ actors: [pinnedFeed], posts: [theirs, own, replyToThem, selfThread, withImage], reposts: [repost] });
    const uris = async (params: Record<string, string>) => (await authorFeed(server, params)).feed.map((i) => i.post.uri);
    const all = await authorFeed(server, {});
    expect(all.feed.map((i) => i.post.uri)).toEqual([withImage.uri, theirs.uri, selfThread.uri, replyToThem.uri, own.uri]);
    expect(all.feed[1]?.reason).toMatchObject({ $type: 'app.bsky.feed.defs#reasonRepost', by: { did: feed.did } });
    expect(all.feed[1]?.post.author.did).toBe(other.did);
    expect(all.feed[3]?.reply?.parent.$type).toBe('app.bsky.feed.defs#postView');
    expect(await uris({ filter: 'posts_no_replies' })).toEqual([withImage.uri, theirs.uri, own.uri]);
    expect(await uris({ filter: 'posts_and_author_threads' })).toEqual([withImage.uri, theirs.uri, selfThread.uri, own.uri]);
    expect(await uris({ filter: 'posts_with_media' })).toEqual([withImage.uri]);
    expect(await uris({ filter: 'something_new' })).toHaveLength(5);
    const pinned = await authorFeed(server, { includePins: 'true' });
    expect([pinned.feed[0]?.post.uri, pinned.feed[0]?.reason?.$type, pinned.feed.length]).toEqual([own.uri, 'app.bsky.feed.defs#reasonPin', 6]);
  });

  it('sends ratelimit-* headers and answers 429 RateLimitExceeded past the limit until the window resets; faults; posts appear with the clock', async () => {
    const later = makeBskyPost({ author: feed, createdAt: NOW + MIN, text: 'soon' });
    const server = await standIn({ posts: [later], rateLimit: { limit: 2, windowS: 300 } });
    const first = await xrpc(server, 'app.bsky.feed.getAuthorFeed', { actor: feed.did });
    expect((first.body as unknown as Feed).feed).toEqual([]);
    expect([first.headers.get('ratelimit-limit'), first.headers.get('ratelimit-remaining'), first.headers.get('ratelimit-reset'), first.headers.get('ratelimit-policy')]).toEqual(['2', '1', String(NOW / 1000 + 300), '2;w=300']);
    await xrpc(server, 'app.bsky.feed.getAuthorFeed', { actor: feed.did });
    const limited = await xrpc(server, 'app.bsky.feed.getAuthorFeed', { actor: feed.did });
    expect([limited.status, limited.body, limited.headers.get('ratelimit-remaining')]).toEqual([429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, '0']);
    server.control.clock.advance(300_000);
    expect((await authorFeed(server, {})).feed.map((i) => i.post.uri)).toEqual([later.uri]);
    server.control.failNext(1, { status: 502 });
    expect(await xrpc(server, 'app.bsky.actor.getProfile', { actor: feed.did })).toMatchObject({ status: 502, body: { error: 'UpstreamFailure' } });
    server.control.failNext(1, { status: 'reset' });
    await expect(fetch(`${server.baseUrl}/xrpc/app.bsky.actor.getProfile?actor=${feed.did}`)).rejects.toThrow();
    expect(server.control.requests.map((r) => r.status)).toEqual([200, 200, 429, 200, 502, 0]);
  });
});
