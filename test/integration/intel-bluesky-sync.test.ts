import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { EngineHarness, remoteError } from '../helpers/engine.js';
import { makeActor, makeBskyPost, makeRepost, startBlueskyStandIn, type BlueskyStandIn, type BlueskyStandInOptions, type BskyPost } from '../standins/bluesky/index.js';

// The app's real Bluesky sync over fetch against the AppView stand-in on 127.0.0.1: the source's
// stand-in is given to the engine as a test-only service origin in place of https://public.api.bsky.app, nothing else is replaced.
const h = new EngineHarness();
const servers: BlueskyStandIn[] = [];
afterEach(async () => {
  h.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const NOW = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
const feed = makeActor({ handle: 'honeyfeed.bsky.social' });
const other = makeActor({ handle: 'analyst.example.com' });
const SOURCE = 'bluesky:@honeyfeed.bsky.social';

/** Honeypot-bot posts, one a minute, oldest first; post i reports 45.95.<i/250>.<i%250+1> (public addresses). */
const series = (count: number, newestMs = NOW - MIN, first = 0): BskyPost[] =>
  Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return makeBskyPost({ author: feed, createdAt: newestMs - (count - 1 - k) * MIN, text: `honeypot-7: SSH attack from 45.95.${Math.floor(i / 250)}.${(i % 250) + 1}` });
  });
const ORIGINAL = series(250);

async function standIn(options: BlueskyStandInOptions = {}): Promise<BlueskyStandIn> {
  const s = await startBlueskyStandIn({ now: NOW, posts: ORIGINAL, ...options, actors: [feed, other] });
  servers.push(s);
  return s;
}

function engineFor(s: BlueskyStandIn, home?: string): Engine {
  return h.engine({ ...(home ? { home } : {}), serviceOrigins: { bluesky: s.baseUrl }, clock: { now: () => s.control.clock.now(), sleep: async (ms) => s.control.clock.advance(ms) } });
}

const follow = (engine: Engine, s: BlueskyStandIn, handle = 'honeyfeed.bsky.social') => engine.invoke('intelAddSource', { kind: 'bluesky', handle });
const feedCalls = (s: BlueskyStandIn) => s.control.requests.filter((r) => r.url.includes('getAuthorFeed'));
const query = (url: string | undefined) => new URL(url ?? '', 'http://x').searchParams;
const rkey = (uri: string) => uri.split('/').pop() ?? '';

describe('syncing a Bluesky account', () => {
  it('pages newest to oldest, keeps provenance, and the next runs stop at the first post already seen', async () => {
    const s = await standIn();
    const engine = engineFor(s);
    expect(await follow(engine, s)).toMatchObject({ name: SOURCE, kind: 'bluesky', trust: 0.7 });
    const first = await engine.invoke('intelSync', {});
    expect(first.sources).toEqual([expect.objectContaining({ source: SOURCE, state: 'ok', posts: 250, newSightings: 250, complete: true })]);
    const post = ORIGINAL[0] as BskyPost;
    expect((await engine.invoke('intelSightings', { type: 'ipv4', value: '45.95.0.1' }))[0]).toEqual({
      source: SOURCE, ref: `bsky:${post.uri}`, author: 'honeyfeed.bsky.social', postUrl: `https://bsky.app/profile/honeyfeed.bsky.social/post/${rkey(post.uri)}`,
      seenAt: post.record.createdAt, port: null, text: 'honeypot-7: SSH attack from 45.95.0.1',
    });
    // The handle is resolved once to the DID, which the feed calls use.
    expect(s.control.requests.filter((r) => r.url.includes('getProfile')).map((r) => query(r.url).get('actor'))).toEqual(['honeyfeed.bsky.social']);
    const calls = feedCalls(s).map((r) => query(r.url));
    expect(calls.map((q) => [q.get('actor'), q.get('filter'), q.get('limit'), q.has('cursor')])).toEqual([
      [feed.did, 'posts_no_replies', '100', false], [feed.did, 'posts_no_replies', '100', true], [feed.did, 'posts_no_replies', '100', true],
    ]);

    // More new posts than a page, and a reply (not read: posts_no_replies).
    const fresh = series(120, NOW + 120 * MIN, 250);
    s.control.add({ posts: [...fresh, makeBskyPost({ author: feed, createdAt: NOW + 30 * MIN, text: 'same here: 194.26.29.113', replyTo: post })] });
    s.control.clock.advance(121 * MIN);
    const second = await engine.invoke('intelSync', {});
    expect(second.sources[0]).toMatchObject({ state: 'ok', posts: 120, newSightings: 120, complete: true });
    expect(feedCalls(s)).toHaveLength(5);
    expect((await engine.invoke('intelLookup', { values: ['194.26.29.113'] }))[0]?.found).toBe(false);

    const third = await engine.invoke('intelSync', {});
    expect(third.sources[0]).toMatchObject({ state: 'ok', posts: 0, complete: true });
    expect(feedCalls(s)).toHaveLength(6);
    expect((await engine.invoke('intelStats', {})).sightings).toBe(370);
  });

  it('credits reposts to the original author, expands shortened links from facets, and keeps hostile text only as text', async () => {
    const theirs = makeBskyPost({ author: other, createdAt: NOW - 50 * MIN, text: 'Cobalt Strike #c2 at 185.220.101.77:8443' });
    const linked = makeBskyPost({ author: feed, createdAt: NOW - 40 * MIN, text: '🍯 Open dir → https://www.evil-payloads.com/reports/2026/11/20/drop.html on 91.92.240.13' });
    expect(linked.record.text).toContain('www.evil-payloads.com/reports/2026...');
    const hostile = makeBskyPost({ author: feed, createdAt: NOW - 30 * MIN, text: '<script>alert(1)</script> <img src=x onerror=alert(2)> from 91.92.240.14' });
    // A facet that points past the text: its URI is added instead of substituted.
    hostile.record.facets = [{ index: { byteStart: 5, byteEnd: 5000 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://files.evil-payloads.com/x.bin' }] }];
    const future = makeBskyPost({ author: feed, createdAt: NOW - 20 * MIN, text: 'C2 at 91.92.240.15' });
    future.record.createdAt = '2099-01-01T00:00:00.000Z';
    const s = await standIn({ posts: [theirs, linked, hostile, future], reposts: [makeRepost(theirs, { actor: feed, createdAt: NOW - 10 * MIN })] });
    const engine = engineFor(s);
    await follow(engine, s);
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'ok', posts: 4 });
    expect(await engine.invoke('intelSightings', { type: 'ipv4', value: '185.220.101.77' })).toEqual([
      expect.objectContaining({ source: SOURCE, ref: `bsky:${theirs.uri}`, author: 'analyst.example.com', postUrl: `https://bsky.app/profile/analyst.example.com/post/${rkey(theirs.uri)}`, port: 8443 }),
    ]);
    expect((await engine.invoke('intelSightings', { type: 'ipv4', value: '91.92.240.13' }))[0]?.text).toBe('🍯 Open dir → https://www.evil-payloads.com/reports/2026/11/20/drop.html on 91.92.240.13');
    expect((await engine.invoke('intelIndicators', { search: 'reports/2026' })).rows.map((r) => r.value)).toEqual(['https://www.evil-payloads.com/reports/2026/11/20/drop.html']);
    expect((await engine.invoke('intelSightings', { type: 'ipv4', value: '91.92.240.14' }))[0]?.text).toBe(
      '<script>alert(1)</script> <img src=x onerror=alert(2)> from 91.92.240.14\nhttps://files.evil-payloads.com/x.bin',
    );
    // A post dated in the future counts from when the AppView saw it.
    expect((await engine.invoke('intelSightings', { type: 'ipv4', value: '91.92.240.15' }))[0]?.seenAt).toBe(new Date(NOW - 20 * MIN).toISOString());
  });

  it('a repost of the post read last does not hide the new posts below it', async () => {
    const posts = ORIGINAL.slice(-3);
    const s = await standIn({ posts });
    const engine = engineFor(s);
    await follow(engine, s);
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ posts: 3 });
    const q = makeBskyPost({ author: feed, createdAt: NOW + MIN, text: 'C2 at 91.92.240.16' });
    s.control.add({ posts: [q], reposts: [makeRepost(posts[2] as BskyPost, { actor: feed, createdAt: NOW + 2 * MIN })] });
    s.control.clock.advance(3 * MIN);
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'ok', posts: 2, newSightings: 1 });
    expect((await engine.invoke('intelLookup', { values: ['91.92.240.16'] }))[0]?.found).toBe(true);
  });

  it('stops when the rate limit is used up, keeps its place across a restart, and finishes without gaps or duplicates', async () => {
    // Three calls per window: the profile and two pages.
    const s = await standIn({ rateLimit: { limit: 3, windowS: 300 } });
    const first = engineFor(s);
    await follow(first, s);
    const stopped = await first.invoke('intelSync', { maxWaitSeconds: 0 });
    expect(stopped.sources[0]).toMatchObject({ state: 'rate-limited', posts: 200, complete: false });
    expect((await first.invoke('intelSources', {}))[0]).toMatchObject({ state: 'rate-limited', nextAllowedAt: new Date(NOW + 300_000).toISOString() });
    const home = first.layout.root;
    h.closeEngine(first);

    // New posts arrive while the sync is paused: they are above the saved page, read on the run after.
    s.control.add({ posts: series(5, NOW + 5 * MIN, 250) });
    const again = engineFor(s, home);
    const before = s.control.requests.length;
    expect((await again.invoke('intelSync', { maxWaitSeconds: 0 })).sources[0]).toMatchObject({ state: 'rate-limited', posts: 0 });
    expect(s.control.requests.length).toBe(before);

    s.control.clock.advance(5 * MIN);
    const resumed = await again.invoke('intelSync', { maxWaitSeconds: 0 });
    expect(resumed.sources[0]).toMatchObject({ state: 'ok', posts: 50, newSightings: 50, complete: true });
    expect(query(s.control.requests[before]?.url).get('cursor')).not.toBeNull();
    expect((await again.invoke('intelStats', {})).sightings).toBe(250);
    const next = await again.invoke('intelSync', { maxWaitSeconds: 0 });
    expect(next.sources[0]).toMatchObject({ state: 'ok', posts: 5, newSightings: 5 });
    expect((await again.invoke('intelStats', {})).sightings).toBe(255);
    expect(s.control.requests.some((r) => r.status === 429)).toBe(false);
  });

  it('waits out a short rate limit with a countdown when allowed to', async () => {
    const s = await standIn({ rateLimit: { limit: 2, windowS: 300 } });
    const engine = engineFor(s);
    await follow(engine, s);
    const waits: string[] = [];
    const r = await engine.invoke('intelSync', { maxWaitSeconds: 900 }, { onProgress: (p) => p.waitingUntil && waits.push(p.waitingUntil) });
    expect(r.sources[0]).toMatchObject({ state: 'ok', posts: 250, complete: true });
    expect(waits[0]).toBe(new Date(NOW + 300_000).toISOString());
  });

  it('a refused page cursor restarts from the top without a gap; 429 and 502 are states a later sync recovers from', async () => {
    const s = await standIn({ rateLimit: { limit: 2, windowS: 300 } });
    const engine = engineFor(s);
    await follow(engine, s);
    expect((await engine.invoke('intelSync', { maxWaitSeconds: 0 })).sources[0]).toMatchObject({ state: 'rate-limited', posts: 100 });
    s.control.clock.advance(5 * MIN);
    s.control.failNext(1, { status: 400, body: { error: 'InvalidRequest', message: 'Malformed cursor' }, path: 'cursor=' });
    expect((await engine.invoke('intelSync', { maxWaitSeconds: 0 })).sources[0]).toMatchObject({ state: 'unavailable', detail: expect.stringMatching(/refused the saved page cursor/) });
    s.control.failNext(1, { status: 429, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 + 900) } });
    expect((await engine.invoke('intelSync', { maxWaitSeconds: 0 })).sources[0]).toMatchObject({ state: 'rate-limited', detail: expect.stringContaining(new Date(NOW + 900_000).toISOString()) });
    s.control.clock.setNow(NOW + 900_000);
    s.control.failNext(1, { status: 502 });
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'unavailable', detail: expect.stringMatching(/Bluesky AppView is unavailable \(502\)/) });
    s.control.clock.advance(61_000);
    const done = await engine.invoke('intelSync', { maxWaitSeconds: 900 });
    expect(done.sources[0]).toMatchObject({ state: 'ok', posts: 250, newSightings: 150, complete: true });
    expect((await engine.invoke('intelStats', {})).sightings).toBe(250);
  });

  it.each([
    ['an unknown handle', 'nobody.bsky.social', undefined, 'not-found', /no Bluesky account @nobody.bsky.social \(Profile not found\)/],
    ['a taken-down account', 'honeyfeed.bsky.social', { error: 'AccountTakedown', message: 'Account has been suspended' }, 'not-found', /taken down/],
    ['a blocking account', 'honeyfeed.bsky.social', { error: 'BlockedByActor', message: 'Requester is blocked by actor' }, 'forbidden', /refused to show @honeyfeed.bsky.social \(BlockedByActor/],
  ] as const)('%s ends in an actionable state, storing nothing', async (_what, handle, body, state, message) => {
    const s = await standIn();
    const engine = engineFor(s);
    await follow(engine, s, handle);
    if (body) s.control.failNext(1, { status: 400, body, path: 'getAuthorFeed' });
    const r = (await engine.invoke('intelSync', {})).sources[0];
    expect(r).toMatchObject({ state, detail: expect.stringMatching(message) });
    expect((await engine.invoke('intelSources', {}))[0]).toMatchObject({ state, stateDetail: expect.stringMatching(message) });
    expect((await engine.invoke('intelStats', {})).sightings).toBe(0);
  });

  it('takes no base URL from callers, a stand-in origin only on the loopback, and no handle that is not one; names sources by the lower-cased handle', async () => {
    for (const bluesky of ['https://public.api.bsky.app', 'http://192.168.1.2:2583', 'ftp://127.0.0.1']) {
      expect(() => h.engine({ serviceOrigins: { bluesky } })).toThrow();
    }
    const engine = h.engine();
    expect((await remoteError(engine.invoke('intelAddSource', { kind: 'bluesky', handle: 'a.bsky.social', baseUrl: 'http://127.0.0.1:9' } as never))).payload).toMatchObject({ code: 'INVALID_INPUT' });
    for (const handle of ['nodots', 'a b.bsky.social', 'did:plc:abc', '-a.bsky.social']) {
      expect((await remoteError(engine.invoke('intelAddSource', { kind: 'bluesky', handle }))).payload).toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(await engine.invoke('intelAddSource', { kind: 'bluesky', handle: '@HoneyFeed.bsky.social' })).toMatchObject({ name: SOURCE });
  });
});
