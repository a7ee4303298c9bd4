import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { htmlToText } from '../../src/core/intel/sources/mastodon/index.js';
import { EngineHarness, remoteError } from '../helpers/engine.js';
import { makeAccount, makeBoost, makeStatus, startMastodonStandIn, type MastodonStandIn, type MastodonStandInOptions, type MastodonStatus } from '../standins/mastodon/index.js';

// The app's real Mastodon sync over fetch against the Mastodon stand-in on 127.0.0.1: the source's
// stand-in is given to the engine as a test-only service origin in place of https://mastodon.example, nothing else is replaced.
const h = new EngineHarness();
const servers: MastodonStandIn[] = [];
afterEach(async () => {
  h.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const NOW = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
const feed = makeAccount({ username: 'honeyfeed' });
const other = makeAccount({ username: 'analyst' });
const SOURCE = 'mastodon:@honeyfeed@mastodon.example';

/** Honeypot-bot statuses, one a minute, oldest first; status i reports 45.95.<i/250>.<i%250+1> (public addresses). */
const series = (count: number, newestMs = NOW - MIN, first = 0) =>
  Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return makeStatus({ account: feed, createdAt: newestMs - (count - 1 - k) * MIN, text: `honeypot-7: #SSH Possible SSH attack from 45.95.${Math.floor(i / 250)}.${(i % 250) + 1}` });
  });
const ORIGINAL = series(100);

async function standIn(statuses: MastodonStatus[] = ORIGINAL, options: MastodonStandInOptions = {}): Promise<MastodonStandIn> {
  const s = await startMastodonStandIn({ accounts: [feed, other], statuses, now: NOW, ...options });
  servers.push(s);
  return s;
}

function engineFor(s: MastodonStandIn, home?: string): Engine {
  // The sync waits on the stand-in's clock: a "5 minute" wait takes no time.
  return h.engine({ ...(home ? { home } : {}), serviceOrigins: { mastodon: s.baseUrl }, clock: { now: () => s.control.clock.now(), sleep: async (ms) => s.control.clock.advance(ms) } });
}

const follow = (engine: Engine, s: MastodonStandIn, account = 'honeyfeed@mastodon.example') => engine.invoke('intelAddSource', { kind: 'mastodon', account });
const statusCalls = (s: MastodonStandIn) => s.control.requests.filter((r) => r.url.includes('/statuses'));
const minIdOf = (url: string | undefined) => new URL(url ?? '', 'http://x').searchParams.get('min_id');
const newestId = (list: MastodonStatus[]) => list.map((x) => BigInt(x.id)).reduce((a, b) => (a > b ? a : b)).toString();

describe('syncing a Mastodon account', () => {
  it('walks forward with min_id through every page, keeps provenance, and the next runs ask only for newer statuses without gaps', async () => {
    const s = await standIn();
    const engine = engineFor(s);
    expect(await follow(engine, s)).toMatchObject({ name: SOURCE, kind: 'mastodon', trust: 0.7 });
    const first = await engine.invoke('intelSync', {});
    expect(first.sources).toEqual([expect.objectContaining({ source: SOURCE, state: 'ok', posts: 100, newSightings: 100, complete: true })]);
    expect((await engine.invoke('intelStats', {})).sightings).toBe(100);
    const status = ORIGINAL[0] as MastodonStatus;
    expect((await engine.invoke('intelSightings', { type: 'ipv4', value: '45.95.0.1' }))[0]).toEqual({
      source: SOURCE, ref: `mastodon:mastodon.example:${status.id}`, author: 'honeyfeed@mastodon.example', postUrl: `https://mastodon.example/@honeyfeed/${status.id}`,
      seenAt: status.createdAt, port: null, text: 'honeypot-7: #SSH Possible SSH attack from 45.95.0.1',
    });
    // One lookup, then pages of 40 oldest first (40, 40, 20) and the empty page that ends the walk.
    expect(s.control.requests.filter((r) => r.url.startsWith('/api/v1/accounts/lookup?acct=honeyfeed'))).toHaveLength(1);
    const calls = statusCalls(s).map((r) => r.url);
    expect(calls).toHaveLength(4);
    expect(calls.every((u) => u.includes('limit=40') && !u.includes('since_id') && !u.includes('exclude_reblogs'))).toBe(true);
    // The first run starts at the backfill horizon (a year back), below every status.
    expect(BigInt(minIdOf(calls[0]) ?? '0') >> 16n).toBe(BigInt(NOW - 365 * 86_400_000));
    expect(minIdOf(calls[1])).toBe(newestId(ORIGINAL.slice(0, 40)));
    expect(minIdOf(calls[3])).toBe(newestId(ORIGINAL));

    // More new statuses than a page: since_id would return only the newest 40 and lose 5.
    const fresh = series(45, NOW + 45 * MIN, 100);
    s.control.addStatuses(fresh);
    s.control.clock.advance(46 * MIN);
    const second = await engine.invoke('intelSync', {});
    expect(second.sources[0]).toMatchObject({ state: 'ok', posts: 45, newSightings: 45 });
    expect(minIdOf(statusCalls(s)[4]?.url)).toBe(newestId(ORIGINAL));
    expect((await engine.invoke('intelStats', {})).sightings).toBe(145);
    expect(s.control.requests.filter((r) => r.url.includes('lookup'))).toHaveLength(1);

    const third = await engine.invoke('intelSync', {});
    expect(third.sources[0]).toMatchObject({ state: 'ok', posts: 0, complete: true });
    expect(statusCalls(s).map((r) => minIdOf(r.url)).at(-1)).toBe(newestId(fresh));
    expect((await engine.invoke('intelSources', {}))[0]).toMatchObject({ state: 'ok', lastSyncAt: expect.any(String), sightings: 145 });
  });

  it('credits a boost to the boosted status and its author; replies are read too; a boost of the same status again adds nothing', async () => {
    const theirs = makeStatus({ account: other, createdAt: NOW - 50 * MIN, text: 'Cobalt Strike #c2 at 185.220.101.77:8443' });
    const reply = makeStatus({ account: feed, createdAt: NOW - 30 * MIN, text: '@analyst also seen from 194.26.29.113', known: [other], inReplyTo: theirs });
    const boosts = [makeBoost(theirs, { account: feed, createdAt: NOW - 20 * MIN }), makeBoost(theirs, { account: feed, createdAt: NOW - 10 * MIN })];
    const s = await standIn([theirs, reply, ...boosts]);
    const engine = engineFor(s);
    await follow(engine, s);
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'ok', posts: 3, newSightings: 2 });
    expect(await engine.invoke('intelSightings', { type: 'ipv4', value: '185.220.101.77' })).toEqual([
      expect.objectContaining({ source: SOURCE, ref: `mastodon:mastodon.example:${theirs.id}`, author: 'analyst@mastodon.example', postUrl: `https://mastodon.example/@analyst/${theirs.id}`, port: 8443, seenAt: theirs.createdAt }),
    ]);
    expect((await engine.invoke('intelLookup', { values: ['185.220.101.77'] }))[0]).toMatchObject({ found: true, labels: ['c2'] });
    expect((await engine.invoke('intelSightings', { type: 'ipv4', value: '194.26.29.113' }))[0]).toMatchObject({ author: 'honeyfeed@mastodon.example', text: '@analyst also seen from 194.26.29.113' });
  });

  it('turns the HTML into the text as typed, decodes entities, puts the content warning first, and keeps hostile markup only as text', async () => {
    const typed = 'C2 <script>alert(1)</script> at 91.92.240.13 & friends\nsee https://www.evil-payloads.com/reports/2026/11/20/drop.html #Honeypot @analyst\n\nbye';
    const warned = makeStatus({ account: feed, createdAt: NOW - 3 * MIN, known: [feed, other], text: typed, spoilerText: 'IOC dump' });
    expect(warned.content).toContain('&lt;script&gt;');
    const hostile = makeStatus({ account: feed, createdAt: NOW - 2 * MIN, text: 'x' });
    hostile.content = '<p>Payload &lt;img src=x onerror=alert(1)&gt; from 185.220.101&#46;78<br>next&nbsp;hop &amp;&#x20;<b>194.26.29.114</b> a < b</p><script>var x = "<p>"</script><p>&bogus; &#0; <a href="https://files.evil-payloads.com/x.bin">report</a></p>';
    const s = await standIn([warned, hostile]);
    const engine = engineFor(s);
    await follow(engine, s);
    await engine.invoke('intelSync', {});
    const [w] = await engine.invoke('intelSightings', { type: 'ipv4', value: '91.92.240.13' });
    expect(w?.text).toBe(`IOC dump\n\n${typed}`);
    // Mastodon shows long links cut (the rest in an invisible span): the full URL is what is stored.
    expect((await engine.invoke('intelLookup', { values: ['https://www.evil-payloads.com/reports/2026/11/20/drop.html'] }))[0]?.found).toBe(true);
    const [x] = await engine.invoke('intelSightings', { type: 'ipv4', value: '185.220.101.78' });
    expect(x?.text).toBe('Payload <img src=x onerror=alert(1)> from 185.220.101.78\nnext hop & 194.26.29.114 a < b\n\nvar x = "\n\n"\n\n&bogus; \uFFFD report\n\nhttps://files.evil-payloads.com/x.bin');
    expect((await engine.invoke('intelLookup', { values: ['194.26.29.114', 'https://files.evil-payloads.com/x.bin'] })).map((f) => f.found)).toEqual([true, true]);
    expect((await engine.invoke('intelIndicators', { search: 'mastodon.example' })).total).toBe(0);
  });

  it('follows the Link rel="prev" URL when it stays on the same endpoint, and builds the next page itself otherwise', async () => {
    for (const [prev, followed] of [['SAME', true], ['http://127.0.0.2:9', false]] as const) {
      const s = await standIn();
      const engine = engineFor(s);
      await follow(engine, s);
      const path = `/api/v1/accounts/${feed.id}/statuses`;
      const firstPage = await (await fetch(`${s.baseUrl}${path}?limit=40&min_id=${(BigInt(NOW - 365 * 86_400_000) << 16n).toString()}`)).json();
      const origin = prev === 'SAME' ? s.baseUrl : prev;
      const link = `<${origin}${path}?limit=40&min_id=${newestId(ORIGINAL.slice(0, 40))}&via=link>; rel="prev"`;
      s.control.failNext(1, { status: 200, body: firstPage, headers: { Link: link }, path: '/statuses' });
      expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'ok', posts: 100 });
      const second = statusCalls(s)[2]?.url ?? '';
      expect([second.includes('via=link'), minIdOf(second)]).toEqual([followed, newestId(ORIGINAL.slice(0, 40))]);
    }
  });

  it('converts hostile HTML in linear time', () => {
    const started = performance.now();
    for (const evil of ['<'.repeat(200_000), '<a'.repeat(100_000), '&#'.repeat(100_000), `<a ${' '.repeat(200_000)}`, `<p class=${'"'.repeat(100_000)}>`]) htmlToText(evil);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(htmlToText('<p>a</p><p></p><p>b<br/>c</p>')).toBe('a\n\nb\nc');
  });

  it('stops when the rate limit is used up, keeps its place across a restart, and finishes without gaps or duplicates', async () => {
    // Three calls per five minutes: the lookup and two pages, then the window is spent.
    const s = await standIn(ORIGINAL, { rateLimit: { limit: 3, periodS: 300 } });
    const first = engineFor(s);
    await follow(first, s);
    const stopped = await first.invoke('intelSync', { maxWaitSeconds: 0 });
    expect(stopped.sources[0]).toMatchObject({ state: 'rate-limited', posts: 80, complete: false, detail: expect.stringContaining('2026-11-20T12:05:00.000Z') });
    expect((await first.invoke('intelSources', {}))[0]).toMatchObject({ state: 'rate-limited', nextAllowedAt: '2026-11-20T12:05:00.000Z' });
    expect(s.control.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    const home = first.layout.root;
    h.closeEngine(first);

    const again = engineFor(s, home);
    const before = s.control.requests.length;
    expect((await again.invoke('intelSync', { maxWaitSeconds: 0 })).sources[0]).toMatchObject({ state: 'rate-limited', posts: 0 });
    expect(s.control.requests.length).toBe(before);

    s.control.clock.advance(5 * MIN);
    const resumed = await again.invoke('intelSync', { maxWaitSeconds: 0 });
    expect(resumed.sources[0]).toMatchObject({ state: 'ok', posts: 20, newSightings: 20, complete: true });
    expect(minIdOf(s.control.requests[before]?.url)).toBe(newestId(ORIGINAL.slice(0, 80)));
    expect((await again.invoke('intelStats', {})).sightings).toBe(100);
    expect(s.control.requests.some((r) => r.status === 429)).toBe(false);
  });

  it('waits out a short rate limit with a countdown when allowed to', async () => {
    const s = await standIn(ORIGINAL, { rateLimit: { limit: 2, periodS: 300 } });
    const engine = engineFor(s);
    await follow(engine, s);
    const waits: string[] = [];
    const r = await engine.invoke('intelSync', { maxWaitSeconds: 900 }, { onProgress: (p) => p.waitingUntil && waits.push(p.waitingUntil) });
    expect(r.sources[0]).toMatchObject({ state: 'ok', posts: 100, complete: true });
    expect(new Set(waits)).toEqual(new Set(['2026-11-20T12:05:00.000Z', '2026-11-20T12:10:00.000Z']));
  });

  it('a 429 stops until its reset; 503 and a dropped connection are states a later sync recovers from', async () => {
    const s = await standIn();
    const engine = engineFor(s);
    await follow(engine, s);
    s.control.failNext(1, { status: 429, body: { error: 'Too many requests' }, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '2026-11-20T12:05:00.000000Z' }, path: '/statuses' });
    expect((await engine.invoke('intelSync', { maxWaitSeconds: 0 })).sources[0]).toMatchObject({ state: 'rate-limited', detail: expect.stringMatching(/rate limited by the Mastodon instance mastodon.example until 2026-11-20T12:05:00.000Z/) });
    s.control.clock.advance(5 * MIN);
    s.control.failNext(1, { status: 503, path: '/statuses' });
    const down = (await engine.invoke('intelSync', {})).sources[0];
    expect(down).toMatchObject({ state: 'unavailable', detail: expect.stringMatching(/unavailable \(503\)/) });
    expect((await engine.invoke('intelSources', {}))[0]?.nextAllowedAt).toBe(new Date(s.control.clock.now() + 60_000).toISOString());
    s.control.failNext(1, { status: 'reset', path: '/statuses' });
    s.control.clock.advance(61_000);
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'offline', detail: expect.stringMatching(/cannot reach the Mastodon instance mastodon.example/) });
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'ok', posts: 100 });
    expect((await engine.invoke('intelStats', {})).sightings).toBe(100);
  });

  it.each([
    ['an unknown account', 'nobody@mastodon.example', {}, undefined, 'not-found', /no account @nobody@mastodon.example on mastodon.example \(404: Record not found\)/],
    ['a signed-in-only instance', 'honeyfeed@mastodon.example', { requireAuth: true }, undefined, 'unauthorized', /only to signed-in apps \(401: This API requires an authenticated user\)/],
    ['a suspended account', 'honeyfeed@mastodon.example', {}, 410, 'not-found', /@honeyfeed@mastodon.example is suspended or deleted on mastodon.example \(410\)/],
  ] as const)('%s ends in an actionable state, storing nothing', async (_what, account, options, failStatus, state, message) => {
    const s = await standIn(ORIGINAL, options);
    const engine = engineFor(s);
    await follow(engine, s, account);
    if (failStatus) s.control.failNext(1, { status: failStatus, body: { error: 'Gone' }, path: '/statuses' });
    const r = (await engine.invoke('intelSync', {})).sources[0];
    expect(r?.state).toBe(state);
    expect(r?.detail).toMatch(message);
    expect((await engine.invoke('intelSources', {}))[0]).toMatchObject({ state: r?.state, stateDetail: expect.stringMatching(message) });
    expect((await engine.invoke('intelStats', {})).sightings).toBe(0);
  });

  it('takes no base URL from callers, a stand-in origin only on the loopback, and no address that is not user@instance; names sources by the lower-cased address', async () => {
    for (const mastodon of ['https://mastodon.social', 'http://10.0.0.8:3000', 'http://127.0.0.1:3000/api']) {
      expect(() => h.engine({ serviceOrigins: { mastodon } })).toThrow();
    }
    const engine = h.engine();
    expect((await remoteError(engine.invoke('intelAddSource', { kind: 'mastodon', account: 'a@mastodon.social', baseUrl: 'http://127.0.0.1:9' } as never))).payload).toMatchObject({ code: 'INVALID_INPUT' });
    for (const account of ['honeyfeed', 'a@b@c.social', 'a b@c.social', 'a@localhost']) {
      expect((await remoteError(engine.invoke('intelAddSource', { kind: 'mastodon', account }))).payload).toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(await engine.invoke('intelAddSource', { kind: 'mastodon', account: '@HoneyFeed@Infosec.Exchange' })).toMatchObject({ name: 'mastodon:@honeyfeed@infosec.exchange' });
    expect((await remoteError(engine.invoke('intelAddSource', { kind: 'mastodon', account: 'honeyfeed@infosec.exchange' }))).payload.message).toMatch(/already exists/);
  });
});
