import https from 'node:https';
import { ApiRequestError, ApiResponseError, TwitterApi, type TweetV2 } from 'twitter-api-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiRedirectPlugin } from '../../src/core/intel/sources/x/redirect-plugin.js';
import { loopbackTls, makePost, startXApiStandIn, type XApiStandIn, type XApiStandInOptions } from '../standins/x-api/index.js';
import { honeypotPosts, sampleUsers } from '../standins/x-api/sample-data.js';

// The real twitter-api-v2 client, redirected to the stand-in by the app's plugin (x-api.md §1.3).
const users = sampleUsers();
const idOf = (username: string) => users.find((u) => u.username === username)?.id ?? '';
const FEED = idOf('HoneyFeedOne');
const HOUR = 3_600_000;

const running: XApiStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function standIn(options: XApiStandInOptions = {}): Promise<XApiStandIn> {
  const server = await startXApiStandIn({
    users,
    tokens: { good: 'ok', revoked: 'unauthorized', broke: 'no-credits', unenrolled: 'forbidden', capped: 'usage-capped' },
    ...options,
  });
  running.push(server);
  return server;
}

const clientFor = (server: XApiStandIn, token = 'good') => new TwitterApi(token, { plugins: [createApiRedirectPlugin(server.baseUrl)] });

async function responseError(promise: Promise<unknown>): Promise<ApiResponseError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiResponseError);
  return error as ApiResponseError;
}

const query = (server: XApiStandIn, i: number) => new URL(server.control.requests[i]?.url ?? '/', 'http://x').searchParams;
const ids = (tweets: TweetV2[]) => tweets.map((t) => BigInt(t.id));
const strictlyDescending = (list: bigint[]) => list.every((id, i) => i === 0 || id < (list[i - 1] as bigint));

describe('redirect plugin', () => {
  it('refuses origins that are not loopback unless allowRemote is set, and anything but an origin', () => {
    for (const bad of ['http://10.0.0.1:8080', 'https://api.x.com', 'http://127.0.0.1.nip.io', 'http://[::2]:80', 'ftp://127.0.0.1']) {
      expect(() => createApiRedirectPlugin(bad), bad).toThrow(/API redirect/);
    }
    expect(() => createApiRedirectPlugin('http://127.0.0.1:9/2/')).toThrow(/origin only/);
    expect(() => createApiRedirectPlugin('https://api.example.net', { allowRemote: true })).not.toThrow();
    for (const ok of ['http://127.0.0.1:1', 'http://127.9.8.7', 'http://localhost:3000', 'http://[::1]:3000', 'https://127.0.0.1:8443']) {
      expect(() => createApiRedirectPlugin(ok), ok).not.toThrow();
    }
  });

  it('keeps production rate-limit keys and works over IPv6 loopback', async () => {
    const v4 = await standIn({ posts: honeypotPosts('HoneyFeedOne', 3, Date.now() - HOUR) });
    const client = clientFor(v4);
    await client.v2.userTimeline(FEED);
    expect(client.v2.getLastRateLimitStatus('https://api.x.com/2/users/:id/tweets')).toMatchObject({ limit: 10_000, remaining: 9_999 });
    const v6 = await standIn({ host: '::1' });
    expect(v6.baseUrl).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await clientFor(v6).v2.userByUsername('XDevelopers')).data).toEqual({ id: '2244994945', name: 'X Developers', username: 'XDevelopers' });
  });

  it('reaches an HTTPS stand-in through the client\'s own https.Agent, which must trust the certificate', async () => {
    const tls = loopbackTls();
    const server = await standIn({ tls });
    expect(server.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const plugins = [createApiRedirectPlugin(server.baseUrl)];
    const trusted = new TwitterApi('good', { plugins, httpAgent: new https.Agent({ ca: tls.cert }) });
    expect((await trusted.v2.userByUsername('XDevelopers')).data?.id).toBe('2244994945');
    const untrusted = await new TwitterApi('good', { plugins, httpAgent: new https.Agent() }).v2.userByUsername('XDevelopers').then(() => undefined, (e: unknown) => e);
    expect(untrusted).toBeInstanceOf(ApiRequestError);
    // 1.29.1 builds ApiRequestError with `{ error }` but its `requestError` getter reads `requestError`:
    // the cause is only in the private `_options.error` (x-api.md §1.5 says otherwise).
    expect((untrusted as ApiRequestError).requestError).toBeUndefined();
    expect(String((untrusted as unknown as { _options: { error: unknown } })._options.error)).toMatch(/self[- ]signed/i);
  });
});

describe('X stand-in with the real twitter-api-v2 client', () => {
  it('users/by: found users in data, missing and suspended ones in errors of the same 200', async () => {
    const server = await standIn();
    const res = await clientFor(server).v2.usersByUsernames(['XDevelopers', 'xn47mzh437', 'gone_feed'], { 'user.fields': ['created_at'] });
    expect(res.data?.map((u) => u.username)).toEqual(['XDevelopers']);
    expect(res.data?.[0]?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(res.errors).toEqual([
      { value: 'xn47mzh437', detail: 'Could not find user with usernames: [xn47mzh437].', title: 'Not Found Error', resource_type: 'user', parameter: 'usernames', resource_id: 'xn47mzh437', type: 'https://api.twitter.com/2/problems/resource-not-found' },
      expect.objectContaining({ detail: 'User has been suspended: [gone_feed].', parameter: 'usernames' }),
    ]);
    expect(server.control.requests[0]?.url).toBe('/2/users/by?user.fields=created_at&usernames=XDevelopers%2Cxn47mzh437%2Cgone_feed');
    // Matching ignores case [DOC]; the stand-in answers a repeated name once [ASSUMED].
    const repeated = await clientFor(server).v2.usersByUsernames(['xdevelopers', 'XDEVELOPERS']);
    expect(repeated.data?.map((u) => u.username)).toEqual(['XDevelopers']);
    const none = await clientFor(server).v2.usersByUsernames(['nobody_here']);
    expect(Object.keys(none)).toEqual(['errors']);
  });

  it('userTimeline pages newest first with pagination_token; since_id is kept while paging and newest_id of page 1 is the next since_id', async () => {
    const now = Date.now();
    const old = honeypotPosts('HoneyFeedOne', 250, now - 2 * HOUR);
    const server = await standIn({ posts: old });
    const client = clientFor(server);
    const first = await client.v2.userTimeline(FEED, { max_results: 100 });
    while (!first.done) await first.fetchNext();
    expect(first.tweets).toHaveLength(250);
    expect(strictlyDescending(ids(first.tweets))).toBe(true);
    expect(server.control.requests.map((r) => query(server, server.control.requests.indexOf(r)).has('pagination_token'))).toEqual([false, true, true]);
    const storedSinceId = first.meta.newest_id;
    expect(storedSinceId).toBe(old.at(-1)?.id);

    server.control.addPosts(honeypotPosts('HoneyFeedOne', 150, now - HOUR, 10_000));
    const before = server.control.requests.length;
    const poll = await client.v2.userTimeline(FEED, { max_results: 100, since_id: storedSinceId });
    const nextSinceId = poll.meta.newest_id;
    await poll.fetchNext();
    expect(poll.done).toBe(true);
    expect(poll.tweets).toHaveLength(150);
    expect(poll.tweets.every((t) => BigInt(t.id) > BigInt(storedSinceId ?? 0))).toBe(true);
    expect(query(server, before + 1).get('since_id')).toBe(storedSinceId);
    expect(query(server, before + 1).get('pagination_token')).toBeTruthy();
    expect(nextSinceId).toBe(poll.tweets[0]?.id);

    const nothingNew = await client.v2.get(`users/${FEED}/tweets`, { since_id: nextSinceId });
    expect(nothingNew).toEqual({ meta: { result_count: 0 } });
  });

  it('expansions, entities with t.co links, note_tweet, inline errors for an unknown user, and the exact 400 message', async () => {
    const long = makePost({ authorUsername: 'HoneyFeedOne', createdAt: Date.now() - HOUR, text: `Top attackers: ${Array.from({ length: 30 }, (_, i) => `203.0.113.${i}`).join(', ')}` });
    const short = makePost({ authorUsername: 'HoneyFeedOne', createdAt: Date.now() - 2 * HOUR, text: 'payload at http://192.0.2.45:8080/bins/x.sh #mirai' });
    const server = await standIn({ posts: [short, long] });
    const client = clientFor(server);
    const page = await client.v2.userTimeline(FEED, { expansions: ['author_id'], 'tweet.fields': ['entities', 'note_tweet', 'created_at'] });
    const [longOut, shortOut] = page.tweets;
    expect(page.includes.author(shortOut as TweetV2)?.username).toBe('HoneyFeedOne');
    expect(shortOut?.text).toMatch(/^payload at https:\/\/t\.co\/[A-Za-z0-9]{10} #mirai$/);
    expect(shortOut?.entities?.urls?.[0]).toMatchObject({ start: 11, end: 34, expanded_url: 'http://192.0.2.45:8080/bins/x.sh' });
    expect(shortOut?.entities?.hashtags).toEqual([{ start: 35, end: 41, tag: 'mirai' }]);
    expect(Array.from(longOut?.text ?? '')).toHaveLength(280);
    expect(longOut?.note_tweet?.text).toBe(long.text);
    expect(shortOut?.note_tweet).toBeUndefined();

    const unknown = await client.v2.userTimeline('999999999');
    expect(unknown.tweets).toEqual([]);
    expect(unknown.errors[0]).toMatchObject({ title: 'Not Found Error', detail: 'Could not find user with id: [999999999].' });

    const error = await responseError(client.v2.userTimeline(FEED, { max_results: 3 }));
    expect(error.code).toBe(400);
    expect(error.message).toBe('Request failed with code 400 - Invalid Request: One or more parameters to your request was invalid. (see https://api.twitter.com/2/problems/invalid-request)');
    expect(error.data.errors).toEqual([{ parameters: { max_results: ['3'] }, message: 'The `max_results` query parameter value [3] is not between 5 and 100' }]);
  });

  it('search recent pages with next_token and sends the query RFC 3986-encoded', async () => {
    const now = Date.now();
    const posts = [...honeypotPosts('HoneyFeedOne', 200, now - HOUR), ...honeypotPosts('hp_feed_two', 51, now - HOUR, 61_000), ...honeypotPosts('XDevelopers', 20, now - HOUR)];
    const server = await standIn({ posts });
    const search = await clientFor(server).v2.search('(from:HoneyFeedOne OR from:hp_feed_two) -is:retweet', { max_results: 100 });
    while (!search.done) await search.fetchNext();
    expect(search.tweets).toHaveLength(251);
    expect(strictlyDescending(ids(search.tweets))).toBe(true);
    const urls = server.control.requests.map((r) => r.url);
    expect(urls).toHaveLength(3);
    expect(urls[0]).toContain('query=%28from%3AHoneyFeedOne%20OR%20from%3Ahp_feed_two%29%20-is%3Aretweet');
    expect(query(server, 1).get('next_token')).toBeTruthy();
    expect(query(server, 1).has('pagination_token')).toBe(false);
    expect(search.meta).not.toHaveProperty('previous_token');
  });

  it('maps 401, 402, 403 and a 429 usage cap to ApiResponseError with the real bodies', async () => {
    const server = await standIn();
    const call = (token: string) => responseError(clientFor(server, token).v2.userByUsername('XDevelopers'));
    const unauthorized = await call('revoked');
    expect([unauthorized.code, unauthorized.isAuthError, unauthorized.message]).toEqual([401, true, 'Request failed with code 401']);
    expect(unauthorized.data).toEqual({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    expect((await call('no-such-token')).code).toBe(401);
    const broke = await call('broke');
    expect([broke.code, broke.data.title, broke.rateLimitError]).toEqual([402, 'CreditsDepleted', false]);
    const unenrolled = await call('unenrolled');
    expect([unenrolled.code, (unenrolled.data as { reason?: string }).reason, unenrolled.isAuthError]).toEqual([403, 'client-not-enrolled', false]);
    const capped = await call('capped');
    expect([capped.code, capped.rateLimitError, capped.data.title]).toEqual([429, true, 'UsageCapExceeded']);
    expect(capped.data.type).toMatch(/\/problems\/usage-capped$/);
    expect(capped.rateLimit?.remaining).toBeGreaterThan(0);
  });

  it('a real 429 rate limit: remaining 0, reset in epoch seconds at the window end, and the window reopens after reset', async () => {
    const start = Date.parse('2026-03-01T12:00:00Z');
    const server = await standIn({ now: start, limits: { userByUsername: 2 } });
    const client = clientFor(server);
    await client.v2.userByUsername('XDevelopers');
    server.control.advance(60_000);
    await client.v2.userByUsername('XDevelopers');
    const limited = await responseError(client.v2.userByUsername('XDevelopers'));
    expect([limited.code, limited.rateLimitError]).toEqual([429, true]);
    expect(limited.rateLimit).toEqual({ limit: 2, remaining: 0, reset: start / 1000 + 900 });
    expect(limited.data).toEqual({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    expect(limited.headers['retry-after']).toBeUndefined();
    server.control.setNow(start + 900_000);
    expect((await client.v2.userByUsername('XDevelopers')).data?.id).toBe('2244994945');
  });

  it('the paginator stops silently at remaining=0 (done stays false); resuming after the window gets the rest', async () => {
    const server = await standIn({ posts: honeypotPosts('HoneyFeedOne', 250, Date.now() - HOUR), limits: { userTweets: 2 } });
    const paginator = await clientFor(server).v2.userTimeline(FEED, { max_results: 100 });
    let seen = 0;
    for await (const _tweet of paginator) seen++;
    expect(seen).toBe(200);
    expect(paginator.done).toBe(false);
    expect(paginator.rateLimit.remaining).toBe(0);
    const limited = await responseError(paginator.next());
    expect([limited.code, limited.rateLimitError, limited.rateLimit?.limit]).toEqual([429, true, 2]);
    server.control.advance(900_000);
    const rest = await paginator.next();
    expect(rest.tweets).toHaveLength(50);
    expect(rest.done).toBe(true);
  });

  it('injected faults: 503 JSON, 503 HTML as a string, a dropped socket as ApiRequestError; then normal service', async () => {
    const server = await standIn();
    const client = clientFor(server);
    server.control.failNext(1, { status: 503 });
    const json = await responseError(client.v2.userByUsername('XDevelopers'));
    expect([json.code, json.data.title]).toEqual([503, 'Service Unavailable']);
    server.control.failNext(1, { status: 503, body: '<html><body>Over capacity</body></html>', contentType: 'text/html' });
    const html = await responseError(client.v2.userByUsername('XDevelopers'));
    expect(html.data).toBe('<html><body>Over capacity</body></html>');
    server.control.failNext(1, { status: 'reset' });
    const dropped = await client.v2.userByUsername('XDevelopers').then(() => undefined, (e: unknown) => e);
    expect(dropped).toBeInstanceOf(ApiRequestError);
    expect((await client.v2.userByUsername('XDevelopers')).data?.username).toBe('XDevelopers');
    expect(server.control.requests.map((r) => r.status)).toEqual([503, 503, 0, 200]);
  });
});
