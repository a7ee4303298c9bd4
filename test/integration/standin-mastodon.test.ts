import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, makeBoost, makeStatus, startMastodonStandIn, type MastodonStandIn, type MastodonStandInOptions, type MastodonStatus } from '../standins/mastodon/index.js';

// The Mastodon stand-in over plain fetch (x-api.md §5.1).
const NOW = Date.parse('2026-08-20T12:02:30Z');
const MIN = 60_000;
const feed = makeAccount({ username: 'honeyfeed', display_name: 'Honeypot feed' });
const other = makeAccount({ username: 'analyst' });

const running: MastodonStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function standIn(statuses: MastodonStatus[] = [], options: MastodonStandInOptions = {}): Promise<MastodonStandIn> {
  const server = await startMastodonStandIn({ accounts: [feed, other], statuses, now: NOW, ...options });
  running.push(server);
  return server;
}

/** `count` statuses by the feed account, one a minute, the newest `newestAgoMin` minutes ago; oldest first. */
const series = (count: number, newestAgoMin = 1) =>
  Array.from({ length: count }, (_, i) => makeStatus({ account: feed, createdAt: NOW - (newestAgoMin + count - 1 - i) * MIN, text: `hit ${i} from 198.51.100.${i % 250}` }));

async function get(server: MastodonStandIn, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(path.startsWith('http') ? path : server.baseUrl + path, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (header ?? '').matchAll(/<([^>]+)>; rel="(\w+)"/g)) out[m[2] ?? ''] = m[1] ?? '';
  return out;
}

const idList = (body: unknown) => (body as { id: string }[]).map((s) => s.id);
const statusesPath = `/api/v1/accounts/${feed.id}/statuses`;

describe('Mastodon stand-in', () => {
  it('looks accounts up by acct (bare or @local-domain) and answers 404 Record not found otherwise', async () => {
    const server = await standIn(series(3));
    const found = await get(server, '/api/v1/accounts/lookup?acct=honeyfeed');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: feed.id, username: 'honeyfeed', acct: 'honeyfeed', display_name: 'Honeypot feed', locked: false, statuses_count: 3, url: 'https://mastodon.example/@honeyfeed' });
    expect((await get(server, '/api/v1/accounts/lookup?acct=HoneyFeed@mastodon.example')).status).toBe(200);
    for (const acct of ['nobody', 'honeyfeed@elsewhere.social']) {
      expect(await get(server, `/api/v1/accounts/lookup?acct=${acct}`)).toMatchObject({ status: 404, body: { error: 'Record not found' } });
    }
    expect((await get(server, '/api/v1/accounts/999/statuses')).body).toEqual({ error: 'Record not found' });
  });

  it('pages newest first, 20 by default and at most 40, with Link next (max_id) after full pages and prev (min_id) on non-empty ones', async () => {
    const all = series(95);
    const newestFirst = all.map((s) => s.id).reverse();
    const server = await standIn(all);
    expect(idList((await get(server, statusesPath)).body)).toEqual(newestFirst.slice(0, 20));
    const seen: string[] = [];
    let next: string | undefined = `${statusesPath}?limit=100`;
    const pages: Record<string, string>[] = [];
    while (next) {
      const res = await get(server, next);
      seen.push(...idList(res.body));
      pages.push(links(res.headers.get('link')));
      next = pages.at(-1)?.next;
    }
    expect(seen).toEqual(newestFirst);
    expect(pages.map((p) => Object.keys(p).sort())).toEqual([['next', 'prev'], ['next', 'prev'], ['prev']]);
    expect(pages[0]?.next).toBe(`${server.baseUrl}${statusesPath}?limit=100&max_id=${newestFirst[39]}`);
    expect(pages[0]?.prev).toBe(`${server.baseUrl}${statusesPath}?limit=100&min_id=${newestFirst[0]}`);
    const empty = await get(server, `${statusesPath}?max_id=${newestFirst.at(-1)}`);
    expect([empty.body, empty.headers.get('link')]).toEqual([[], null]);
  });

  it('since_id gives the latest statuses (a gap when many are new); min_id walks forward without gaps via rel="prev"', async () => {
    const old = series(5, 60);
    const fresh = series(30, 1);
    const server = await standIn([...old, ...fresh]);
    const lastSeen = old.at(-1)?.id ?? '';
    const since = await get(server, `${statusesPath}?since_id=${lastSeen}&limit=10`);
    expect(idList(since.body)).toEqual(fresh.slice(20).map((s) => s.id).reverse());
    const collected: string[] = [];
    let url: string | undefined = `${statusesPath}?min_id=${lastSeen}&limit=10`;
    while (url) {
      const res = await get(server, url);
      const ids = idList(res.body);
      if (ids.length === 0) break;
      expect(ids).toEqual([...ids].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)));
      collected.push(...ids);
      url = links(res.headers.get('link')).prev;
      expect(url).toContain('min_id=');
    }
    expect(collected.sort()).toEqual(fresh.map((s) => s.id).sort());
  });

  it('renders HTML content like Mastodon, keeps boosts under reblog, and applies the filters and visibility', async () => {
    const parent = makeStatus({ account: other, createdAt: NOW - 50 * MIN, text: 'what hit you?' });
    const post = makeStatus({ account: feed, createdAt: NOW - 40 * MIN, known: [feed, other], text: 'SSH <bot> from 203.0.113.9 & friends\nsee https://www.example.com/reports/2026/08/20/ssh-bruteforce.html #Honeypot @analyst\n\nbye' });
    const reply = makeStatus({ account: feed, createdAt: NOW - 30 * MIN, text: '@analyst same as 203.0.113.9', known: [other], inReplyTo: parent });
    const selfReply = makeStatus({ account: feed, createdAt: NOW - 25 * MIN, text: 'thread: 198.51.100.1', inReplyTo: post });
    const boost = makeBoost(parent, { account: feed, createdAt: NOW - 20 * MIN });
    const media = makeStatus({ account: feed, createdAt: NOW - 15 * MIN, text: 'screenshot', mediaCount: 1, spoilerText: 'IOC dump' });
    const hidden = makeStatus({ account: feed, createdAt: NOW - 10 * MIN, text: 'followers only', visibility: 'private' });
    const server = await standIn([parent, post, reply, selfReply, boost, media, hidden]);
    const body = (await get(server, statusesPath)).body as Record<string, unknown>[];
    expect(body.map((s) => s.id)).toEqual([media.id, boost.id, selfReply.id, reply.id, post.id]);
    const rendered = body.find((s) => s.id === post.id);
    expect(rendered?.content).toBe(
      '<p>SSH &lt;bot&gt; from 203.0.113.9 &amp; friends<br />see <a href="https://www.example.com/reports/2026/08/20/ssh-bruteforce.html" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://www.</span><span class="ellipsis">example.com/reports/2026/08/20</span><span class="invisible">/ssh-bruteforce.html</span></a> <a href="https://mastodon.example/tags/honeypot" class="mention hashtag" rel="tag">#<span>Honeypot</span></a> <span class="h-card" translate="no"><a href="https://mastodon.example/@analyst" class="u-url mention">@<span>analyst</span></a></span></p><p>bye</p>',
    );
    const exact = makeStatus({ account: feed, createdAt: NOW, text: 'http://example.com/abcdefghijklmnopqr' }).content;
    expect(exact).toContain('<span class="invisible">http://</span><span class="">example.com/abcdefghijklmnopqr</span><span class="invisible"></span>');
    expect(rendered).toMatchObject({ tags: [{ name: 'honeypot', url: 'https://mastodon.example/tags/honeypot' }], mentions: [{ id: other.id, acct: 'analyst' }], reblog: null, visibility: 'public' });
    const boosted = body.find((s) => s.id === boost.id) as { content: string; reblog: { id: string; content: string; account: { id: string } } };
    expect([boosted.content, boosted.reblog.id, boosted.reblog.content, boosted.reblog.account.id]).toEqual(['', parent.id, '<p>what hit you?</p>', other.id]);
    expect(body.find((s) => s.id === media.id)).toMatchObject({ spoiler_text: 'IOC dump', sensitive: true, media_attachments: [expect.objectContaining({ type: 'image' })] });
    expect(body.find((s) => s.id === reply.id)).toMatchObject({ in_reply_to_id: parent.id, in_reply_to_account_id: other.id });
    const ids = async (q: string) => idList((await get(server, `${statusesPath}?${q}`)).body);
    expect(await ids('exclude_replies=true&exclude_reblogs=1')).toEqual([media.id, selfReply.id, post.id]);
    expect(await ids('exclude_replies=false&only_media=true')).toEqual([media.id]);
    expect(await ids('tagged=HONEYPOT')).toEqual([post.id]);
  });

  it('sends X-RateLimit-* with an ISO reset at the window boundary, answers 429 Too many requests past the limit, and reopens', async () => {
    const server = await standIn(series(2), { rateLimit: { limit: 2, periodS: 300 } });
    const first = await get(server, statusesPath);
    expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining'), first.headers.get('x-ratelimit-reset')]).toEqual(['2', '1', '2026-08-20T12:05:00.000000Z']);
    await get(server, statusesPath);
    const limited = await get(server, statusesPath);
    expect([limited.status, limited.body, limited.headers.get('x-ratelimit-remaining')]).toEqual([429, { error: 'Too many requests' }, '0']);
    server.control.clock.setNow(Date.parse('2026-08-20T12:05:00Z'));
    const reopened = await get(server, statusesPath);
    expect([reopened.status, reopened.headers.get('x-ratelimit-reset')]).toEqual([200, '2026-08-20T12:10:00.000000Z']);
  });

  it('answers 401 in authorized-only mode and for an unknown token; statuses past the clock stay hidden; faults and clean close', async () => {
    const later = makeStatus({ account: feed, createdAt: NOW + 5 * MIN, text: 'not yet' });
    const server = await standIn([...series(1), later], { requireAuth: true, tokens: ['t0k3n'] });
    expect(await get(server, statusesPath)).toMatchObject({ status: 401, body: { error: 'This API requires an authenticated user' } });
    expect(await get(server, statusesPath, { authorization: 'Bearer nope' })).toMatchObject({ status: 401, body: { error: 'The access token is invalid' } });
    const auth = { authorization: 'Bearer t0k3n' };
    expect(idList((await get(server, statusesPath, auth)).body)).toHaveLength(1);
    server.control.clock.advance(5 * MIN);
    expect(idList((await get(server, statusesPath, auth)).body)[0]).toBe(later.id);
    server.control.failNext(1, { status: 503 });
    expect((await get(server, statusesPath, auth)).status).toBe(503);
    server.control.failNext(1, { status: 'reset' });
    await expect(fetch(server.baseUrl + statusesPath, { headers: auth })).rejects.toThrow();
    await server.close();
    await expect(fetch(server.baseUrl + statusesPath)).rejects.toThrow();
  });
});
