import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { makePost, makeRetweet, startXApiStandIn, type StandInPost, type XApiStandIn } from '../standins/x-api/index.js';
import { sampleUsers } from '../standins/x-api/sample-data.js';

// Search grammar and window, rate limits, /__mock routes and server lifecycle of the X stand-in (x-api.md §2.5–2.8).
const users = sampleUsers();
const NOW = Date.parse('2026-08-20T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const running: XApiStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function standIn(posts: StandInPost[] = [], limits = {}): Promise<XApiStandIn> {
  const server = await startXApiStandIn({ users, posts, tokens: { good: 'ok' }, now: NOW, limits });
  running.push(server);
  return server;
}

async function get(server: XApiStandIn, path: string) {
  const res = await fetch(server.baseUrl + path, { headers: { authorization: 'Bearer good' } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: { id: string; text: string }[]; meta?: Record<string, unknown>; errors?: { message: string }[] } };
}

const search = (server: XApiStandIn, q: string, extra = '') => get(server, `/2/tweets/search/recent?query=${encodeURIComponent(q)}${extra}`);

function corpus() {
  const at = (h: number) => NOW - h * HOUR;
  const a = makePost({ authorUsername: 'HoneyFeedOne', createdAt: at(1), text: 'SSH brute force from 198.51.100.7' });
  const b = makePost({ authorUsername: 'hp_feed_two', createdAt: at(2), text: 'telnet scan from 203.0.113.5' });
  const c = makePost({ authorUsername: 'XDevelopers', createdAt: at(3), text: 'SSH tips for developers' });
  const rt = makeRetweet(a, { authorUsername: 'hp_feed_two', createdAt: at(4) });
  const reply = makePost({ authorUsername: 'HoneyFeedOne', createdAt: at(5), text: 'Same attacker SSHd again', replyTo: b });
  const old = makePost({ authorUsername: 'HoneyFeedOne', createdAt: NOW - 8 * DAY, text: 'SSH from an old week' });
  const hidden = makePost({ authorUsername: 'locked_feed', createdAt: at(1), text: 'SSH from a protected account' });
  return { a, b, c, rt, reply, old, hidden, all: [a, b, c, rt, reply, old, hidden] };
}

describe('X stand-in search/recent', () => {
  it('evaluates the query subset: from:, is:, negation, OR, implied AND binding tighter, groups, phrases, whole words', async () => {
    const { a, b, c, rt, reply, all } = corpus();
    const server = await standIn(all);
    const ids = async (q: string) => (await search(server, q)).body.data?.map((t) => t.id) ?? [];
    expect(await ids('(from:HoneyFeedOne OR from:@hp_feed_two) -is:retweet')).toEqual([a.id, b.id, reply.id]);
    expect(await ids('from:hp_feed_two is:retweet')).toEqual([rt.id]);
    expect(await ids('ssh')).toEqual([a.id, c.id, rt.id]);
    expect(await ids('telnet OR ssh from:XDevelopers')).toEqual([b.id, c.id]);
    expect(await ids('(telnet OR ssh) from:XDevelopers')).toEqual([c.id]);
    expect(await ids('"brute force" -is:reply')).toEqual([a.id, rt.id]);
    expect(await ids('"force brute"')).toEqual([]);
    expect(await ids('from:HoneyFeedOne is:reply')).toEqual([reply.id]);
    expect(await ids('198.51.100.7')).toEqual([a.id, rt.id]);
  });

  it('covers the last 7 days only, up to now-10s, and skips protected accounts; posts appear as the clock passes them', async () => {
    const { old, hidden, all } = corpus();
    const future = makePost({ authorUsername: 'HoneyFeedOne', createdAt: NOW + 60_000, text: 'SSH from the future' });
    const server = await standIn([...all, future]);
    const ids = async () => (await search(server, 'ssh', '&max_results=100')).body.data?.map((t) => t.id) ?? [];
    expect(await ids()).not.toContain(old.id);
    expect(await ids()).not.toContain(hidden.id);
    expect(await ids()).not.toContain(future.id);
    server.control.advance(65_000);
    expect(await ids()).not.toContain(future.id);
    server.control.advance(10_000);
    expect((await ids())[0]).toBe(future.id);
  });

  it('rejects bad queries and out-of-window bounds with 400s naming the parameter', async () => {
    const server = await standIn(corpus().all);
    const message = async (q: string, extra = '') => (await search(server, q, extra)).body.errors?.[0]?.message ?? '';
    expect(await message('lang:en ssh')).toMatch(/^There were errors processing your request: Reference to invalid operator 'lang'\. .* \(at position 1\)$/);
    expect(await message('(ssh OR telnet')).toContain("missing ')'");
    expect(await message('-is:retweet')).toContain('Rules must contain a non-negation term');
    expect(await message('is:retweet')).toContain('standalone');
    expect(await message('"open phrase')).toContain('missing closing');
    expect(await message('x'.repeat(513))).toBe(`The \`query\` query parameter value [${'x'.repeat(513)}] is not between 1 and 512 characters long`);
    expect(await message('ssh', '&max_results=5')).toBe('The `max_results` query parameter value [5] is not between 10 and 100');
    const weekAgo = makePost({ authorUsername: 'HoneyFeedOne', createdAt: NOW - 8 * DAY, text: '.' }).id;
    expect(await message('ssh', `&since_id=${weekAgo}`)).toBe(`Invalid 'since_id':'${weekAgo}'. 'since_id' must be a tweet id created after 2026-08-13T12:00Z`);
    expect(await message('ssh', '&end_time=2026-08-20T11:59:55Z')).toContain("'end_time' must be a minimum of 10 seconds prior to the request time.");
    expect(await message('ssh', '&start_time=2026-08-01T00:00:00Z')).toBe("Invalid 'start_time':'2026-08-01T00:00:00Z'. 'start_time' must be on or after 2026-08-13T12:00Z");
    const ok = await search(server, 'x'.repeat(512));
    expect(ok.body).toEqual({ meta: { result_count: 0 } });
  });
});

describe('X stand-in rate limits and control', () => {
  it('counts per token and endpoint in a 15-minute window opened by the first call; validation errors use it up too', async () => {
    const server = await standIn([], { searchRecent: 2 });
    server.control.advance(30_000);
    const first = await search(server, 'ssh', '&max_results=1');
    expect([first.status, first.headers.get('x-rate-limit-remaining'), first.headers.get('x-rate-limit-reset')]).toEqual([400, '1', String((NOW + 30_000) / 1000 + 900)]);
    server.control.advance(120_000);
    expect((await search(server, 'ssh')).headers.get('x-rate-limit-reset')).toBe(String((NOW + 30_000) / 1000 + 900));
    const limited = await search(server, 'ssh');
    expect([limited.status, limited.headers.get('x-rate-limit-remaining'), limited.headers.get('retry-after')]).toEqual([429, '0', null]);
    expect(limited.body).toEqual({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    expect((await get(server, '/2/users/by?usernames=XDevelopers')).status).toBe(200);
    server.control.advance(900_000);
    const reopened = await search(server, 'ssh');
    expect([reopened.status, reopened.headers.get('x-rate-limit-remaining')]).toEqual([200, '1']);
  });

  it('drives everything over the /__mock routes too', async () => {
    const server = await standIn();
    const post = (path: string, body?: unknown) =>
      fetch(server.baseUrl + path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    await post('/__mock/users', [{ id: '42', username: 'mock_feed', name: 'Mock feed' }]);
    const added = (await post('/__mock/tweets', [{ author_id: '42', text: 'see https://t.co/abc', urls: [{ url: 'https://t.co/abc', expanded_url: 'https://evil.example.com/x' }], created_at: '2026-08-20T11:00:00.000Z' }])).body as StandInPost[];
    expect(added[0]?.text).toBe('see https://evil.example.com/x');
    const tl = await get(server, '/2/users/42/tweets?tweet.fields=entities');
    expect(tl.body.data?.[0]).toMatchObject({ id: added[0]?.id, entities: { urls: [expect.objectContaining({ expanded_url: 'https://evil.example.com/x' })] } });
    await post('/__mock/faults', { path: 'users/42', status: 502, count: 2 });
    expect((await get(server, '/2/users/by?usernames=mock_feed')).status).toBe(200);
    expect((await get(server, '/2/users/42/tweets')).status).toBe(502);
    expect((await get(server, '/2/users/42/tweets')).status).toBe(502);
    expect((await get(server, '/2/users/42/tweets')).status).toBe(200);
    await post('/__mock/clock', { now: NOW - 2 * HOUR });
    expect((await get(server, '/2/users/42/tweets')).body).toEqual({ meta: { result_count: 0 } });
    const log = (await fetch(`${server.baseUrl}/__mock/requests`).then((r) => r.json())) as { url: string; status: number; auth: string }[];
    expect(log.map((r) => r.status)).toEqual([200, 200, 502, 502, 200, 200]);
    expect(log[0]).toEqual({ method: 'GET', url: '/2/users/42/tweets?tweet.fields=entities', auth: 'good', status: 200 });
    await post('/__mock/reset');
    expect((await get(server, '/2/users/by?usernames=mock_feed')).body.errors).toHaveLength(1);
    expect(server.control.requests).toHaveLength(1);
  });

  it('closes cleanly even with a keep-alive connection open, and refuses connections afterwards', async () => {
    const server = await startXApiStandIn({ users, tokens: { good: 'ok' } });
    const agent = new http.Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      http.get(`${server.baseUrl}/2/users/by?usernames=XDevelopers`, { agent, headers: { authorization: 'Bearer good' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject);
    });
    expect(status).toBe(200);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(`${server.baseUrl}/2/users/by?usernames=XDevelopers`)).rejects.toThrow();
    agent.destroy();
  });
});
