import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { TokenStore } from '../../src/core/intel/sources/x/bearer-token.js';
import { EngineHarness } from '../helpers/engine.js';
import { makePost, startXApiStandIn, type XApiStandIn } from '../standins/x-api/index.js';
import { sampleUsers } from '../standins/x-api/sample-data.js';

// The app's real sync code and the real twitter-api-v2 client against the X API stand-in on
// 127.0.0.1: the only thing replaced is the network destination (through the redirect plugin).
const h = new EngineHarness();
const servers: XApiStandIn[] = [];
afterEach(async () => {
  h.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED = 'HoneyFeedOne';

/** Honeypot-bot style posts, one a minute, the newest first in id order; post i reports 45.95.0.(i+1)... (public addresses). */
function feedPosts(count: number, newestMs = NOW - 60_000) {
  const posts = [];
  for (let i = count - 1; i >= 0; i--) {
    posts.push(makePost({ authorUsername: FEED, createdAt: newestMs - i * 60_000, text: `honeypot-7: #SSH Possible SSH attack from 45.95.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
  }
  return posts;
}
const ORIGINAL = feedPosts(250);
const newestOriginal = [...ORIGINAL].map((p) => BigInt(p.id)).sort((a, b) => (b > a ? 1 : -1))[0]?.toString();

async function standIn(posts = ORIGINAL, limits = {}): Promise<XApiStandIn> {
  const s = await startXApiStandIn({
    users: sampleUsers(),
    posts,
    now: NOW,
    limits,
    tokens: { good: 'ok', revoked: 'unauthorized', broke: 'no-credits', unenrolled: 'forbidden', capped: 'usage-capped' },
  });
  servers.push(s);
  return s;
}

function memoryTokens(token: string | null): TokenStore {
  let value = token;
  return { where: 'memory', get: () => value, set: (t) => (value = t) };
}

function engineFor(s: XApiStandIn, token: string | null = 'good', home?: string): Engine {
  return h.engine({
    ...(home ? { home } : {}),
    tokens: memoryTokens(token),
    serviceOrigins: { x: s.baseUrl },
    // The sync waits on the stand-in's clock: a "15 minute" wait takes no time.
    clock: { now: () => s.control.now(), sleep: async (ms) => s.control.advance(ms) },
  });
}

const timelineRequests = (s: XApiStandIn) => s.control.requests.filter((r) => r.url.includes('/tweets?'));

describe('syncing an X account', () => {
  it('reads every page, keeps provenance, and the next run asks only for newer posts', async () => {
    const s = await standIn();
    const engine = engineFor(s);
    await engine.invoke('intelAddSource', { kind: 'x-account', username: FEED });
    const first = await engine.invoke('intelSync', {});
    expect(first.sources).toEqual([expect.objectContaining({ source: `x:@${FEED}`, state: 'ok', posts: 250, complete: true })]);
    // Each post reports one address: 250 posts, 250 sightings.
    expect((await engine.invoke('intelStats', {})).sightings).toBe(250);
    const [sighting] = await engine.invoke('intelSightings', { type: 'ipv4', value: '45.95.0.1' });
    expect(sighting).toMatchObject({ source: `x:@${FEED}`, author: FEED, text: expect.stringContaining('Possible SSH attack from 45.95.0.1') });
    expect(sighting?.postUrl).toMatch(new RegExp(`^https://x.com/${FEED}/status/\\d+$`));
    expect(timelineRequests(s)).toHaveLength(3);

    s.control.addPosts([makePost({ authorUsername: FEED, createdAt: NOW + 1000, text: 'New #c2 at 185.220.101[.]77:8443' })]);
    s.control.advance(5000);
    const second = await engine.invoke('intelSync', {});
    expect(second.sources[0]).toMatchObject({ state: 'ok', posts: 1, newSightings: 1 });
    const last = new URL(timelineRequests(s).at(-1)?.url ?? '', 'http://x');
    expect(last.searchParams.get('since_id')).toBe(newestOriginal);
    const [hit] = await engine.invoke('intelLookup', { values: ['185.220.101.77'] });
    expect(hit).toMatchObject({ found: true, labels: ['c2'] });
    expect((await engine.invoke('intelSightings', { type: 'ipv4', value: '185.220.101.77' }))[0]?.port).toBe(8443);
  });

  it('stops at a rate limit, keeps its place across a restart, and finishes without gaps or duplicates', async () => {
    const s = await standIn(undefined, { userTweets: 2 });
    const first = engineFor(s);
    await first.invoke('intelAddSource', { kind: 'x-account', username: FEED });
    const stopped = await first.invoke('intelSync', { maxWaitSeconds: 0 });
    expect(stopped.sources[0]).toMatchObject({ state: 'rate-limited', posts: 200, complete: false });
    const [src] = await first.invoke('intelSources', {});
    expect(src).toMatchObject({ state: 'rate-limited' });
    expect(Date.parse(src?.nextAllowedAt ?? '')).toBeGreaterThan(s.control.now());
    const home = first.layout.root;
    h.closeEngine(first);

    // After a restart, still inside the window: no call is made.
    const again = engineFor(s, 'good', home);
    const before = s.control.requests.length;
    expect((await again.invoke('intelSync', { maxWaitSeconds: 0 })).sources[0]).toMatchObject({ state: 'rate-limited', posts: 0 });
    expect(s.control.requests.length).toBe(before);

    s.control.advance(16 * 60_000);
    const resumed = await again.invoke('intelSync', { maxWaitSeconds: 0 });
    expect(resumed.sources[0]).toMatchObject({ state: 'ok', posts: 50, complete: true });
    expect((await again.invoke('intelStats', {})).sightings).toBe(250);
    // The resumed page continued with the saved token and the same (absent) since_id.
    expect(new URL(timelineRequests(s).at(-1)?.url ?? '', 'http://x').searchParams.get('pagination_token')).not.toBeNull();
  });

  it('waits out a short rate limit with a countdown when allowed to', async () => {
    const s = await standIn(undefined, { userTweets: 1 });
    const engine = engineFor(s);
    await engine.invoke('intelAddSource', { kind: 'x-account', username: FEED });
    const waits: string[] = [];
    const r = await engine.invoke('intelSync', { maxWaitSeconds: 900 }, { onProgress: (p) => p.waitingUntil && waits.push(p.waitingUntil) });
    expect(r.sources[0]).toMatchObject({ state: 'ok', posts: 250, complete: true });
    expect(waits.length).toBeGreaterThan(2);
  });

  it.each([
    ['revoked', 'unauthorized', /bearer token/],
    ['broke', 'no-credits', /credits/],
    ['unenrolled', 'forbidden', /access level/],
    ['capped', 'usage-capped', /usage cap/],
  ])('token %s ends in state %s with an actionable message, storing nothing', async (token, state, message) => {
    const s = await standIn();
    const engine = engineFor(s, token);
    await engine.invoke('intelAddSource', { kind: 'x-account', username: FEED });
    const r = await engine.invoke('intelSync', {});
    expect(r.sources[0]).toMatchObject({ state });
    expect(r.sources[0]?.detail).toMatch(message);
    expect((await engine.invoke('intelSources', {}))[0]).toMatchObject({ state, stateDetail: expect.stringMatching(message) });
    expect((await engine.invoke('intelStats', {})).sightings).toBe(0);
  });

  it('a 503 or no token at all are states too; a later sync recovers', async () => {
    const s = await standIn();
    const none = engineFor(s, null);
    await none.invoke('intelAddSource', { kind: 'x-account', username: FEED });
    expect((await none.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'no-token' });
    await none.invoke('intelSetXToken', { token: 'good'.padEnd(24, '-') });
    expect((await none.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'unauthorized' });

    const engine = engineFor(s);
    await engine.invoke('intelAddSource', { kind: 'x-account', username: FEED });
    s.control.failNext(1, { status: 503, path: '/tweets' });
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'unavailable' });
    s.control.advance(61_000);
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'ok', posts: 250 });
  });

  it('expands t.co links before extraction and syncs a saved recent search', async () => {
    const s = await standIn([makePost({ authorUsername: 'hp_feed_two', createdAt: NOW - 3_600_000, text: 'Open dir #opendir https://evil-payloads.com/drop/ on 91.92.240.13' })]);
    const engine = engineFor(s);
    await engine.invoke('intelAddSource', { kind: 'x-search', query: '#opendir', name: 'opendirs' });
    const r = await engine.invoke('intelSync', {});
    expect(r.sources[0]).toMatchObject({ source: 'x-search:opendirs', state: 'ok', posts: 1 });
    const found = await engine.invoke('intelLookup', { values: ['https://evil-payloads.com/drop/', '91.92.240.13'] });
    expect(found.map((f) => f.found)).toEqual([true, true]);
    const t = await engine.invoke('intelIndicators', { search: 't.co' });
    expect(t.total).toBe(0);
  });
});
