import { afterEach, describe, expect, it } from 'vitest';
import { makePost, makeRetweet, startXApiStandIn, tcoFor, type StandInPost, type XApiStandIn } from '../standins/x-api/index.js';
import { honeypotPosts, sampleUsers } from '../standins/x-api/sample-data.js';

// The X stand-in's wire format, checked with plain fetch (x-api.md §2.1–2.4).
const users = sampleUsers();
const FEED = users.find((u) => u.username === 'HoneyFeedOne')?.id ?? '';
const NOW = Date.parse('2026-08-20T12:00:00Z');
const HOUR = 3_600_000;

const running: XApiStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function standIn(posts: StandInPost[] = []): Promise<XApiStandIn> {
  const server = await startXApiStandIn({ users, posts, tokens: { good: 'ok' }, now: NOW });
  running.push(server);
  return server;
}

interface Got {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { data?: Record<string, unknown>[]; meta?: Record<string, unknown>; errors?: Record<string, unknown>[] };
}

async function get(server: XApiStandIn, path: string): Promise<Got> {
  const res = await fetch(server.baseUrl + path, { headers: { authorization: 'Bearer good' } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Got['body'] };
}

const timeline = (server: XApiStandIn, query = '') => get(server, `/2/users/${FEED}/tweets${query}`);

describe('X stand-in wire format', () => {
  it('answers 200 JSON with api-version and rate-limit headers; the default Post object is id, text, edit_history_tweet_ids', async () => {
    const post = makePost({ authorUsername: 'HoneyFeedOne', createdAt: NOW - HOUR, text: 'hello' });
    const server = await standIn([post]);
    const res = await timeline(server);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('api-version')).toBe('2.168');
    expect([res.headers.get('x-rate-limit-limit'), res.headers.get('x-rate-limit-remaining'), res.headers.get('x-rate-limit-reset')]).toEqual(['10000', '9999', String(NOW / 1000 + 900)]);
    expect(res.body).toEqual({
      data: [{ id: post.id, text: 'hello', edit_history_tweet_ids: [post.id] }],
      meta: { result_count: 1, newest_id: post.id, oldest_id: post.id },
    });
  });

  it('makes snowflake ids from created_at and shows created_at with milliseconds', async () => {
    const post = makePost({ authorUsername: 'HoneyFeedOne', createdAt: '2026-08-20T10:36:15Z', text: 'x' });
    expect(Number((BigInt(post.id) >> 22n) + 1288834974657n)).toBe(Date.parse('2026-08-20T10:36:15Z'));
    const res = await timeline(await standIn([post]), '?tweet.fields=created_at');
    expect(res.body.data?.[0]?.created_at).toBe('2026-08-20T10:36:15.000Z');
  });

  it('an expansion implies its id field; referenced_tweets.id fills includes.tweets and reports a deleted one in errors', async () => {
    const original = makePost({ authorUsername: 'hp_feed_two', createdAt: NOW - 3 * HOUR, text: 'scanner at 203.0.113.9' });
    const retweet = makeRetweet(original, { authorUsername: 'HoneyFeedOne', createdAt: NOW - 2 * HOUR });
    const orphan = makePost({ authorUsername: 'HoneyFeedOne', createdAt: NOW - HOUR, text: 'quoting a deleted post' });
    orphan.quoteOf = '1234567890123';
    const res = await timeline(await standIn([original, retweet, orphan]), '?expansions=author_id,referenced_tweets.id&user.fields=description');
    expect(res.body.data?.map((t) => [t.author_id, t.referenced_tweets])).toEqual([
      [FEED, [{ type: 'quoted', id: '1234567890123' }]],
      [FEED, [{ type: 'retweeted', id: original.id }]],
    ]);
    expect(res.body.includes).toEqual({
      users: [{ id: FEED, name: 'Honeypot feed one', username: 'HoneyFeedOne', description: '' }],
      tweets: [{ id: original.id, text: 'scanner at 203.0.113.9', edit_history_tweet_ids: [original.id], author_id: users[2]?.id }],
    });
    expect(res.body.errors).toEqual([expect.objectContaining({ resource_type: 'tweet', parameter: 'referenced_tweets.id', value: '1234567890123', title: 'Not Found Error' })]);
  });

  it('computes entities in code points: t.co urls with the real expanded_url, hashtags, cashtags, mentions; bare and defanged IPs stay text', async () => {
    const text = '🔥 #SSH from 198.51.100.14 and 203[.]0[.]113[.]77, hxxp://192.0.2[.]45:8080/a, drop http://1.2.3.4/x and bins.sh $BTC @hp_feed_two @nobody_known';
    const res = await timeline(await standIn([makePost({ authorUsername: 'HoneyFeedOne', createdAt: NOW - HOUR, text })]), '?tweet.fields=entities');
    const post = res.body.data?.[0] as { text: string; entities: Record<string, { start: number; end: number }[]> };
    const a = tcoFor('http://1.2.3.4/x');
    const b = tcoFor('http://bins.sh');
    expect(post.text).toBe(`🔥 #SSH from 198.51.100.14 and 203[.]0[.]113[.]77, hxxp://192.0.2[.]45:8080/a, drop ${a} and ${b} $BTC @hp_feed_two @nobody_known`);
    const cp = Array.from(post.text);
    const at = (s: string) => Array.from(post.text.slice(0, post.text.indexOf(s))).length;
    expect(post.entities.urls).toEqual([
      { start: at(a), end: at(a) + 23, url: a, expanded_url: 'http://1.2.3.4/x', display_url: '1.2.3.4/x' },
      { start: at(b), end: at(b) + 23, url: b, expanded_url: 'http://bins.sh', display_url: 'bins.sh' },
    ]);
    expect(post.entities.hashtags).toEqual([{ start: 2, end: 6, tag: 'SSH' }]);
    expect(post.entities.cashtags).toEqual([{ start: at('$BTC'), end: at('$BTC') + 4, tag: 'BTC' }]);
    expect(post.entities.mentions).toEqual([
      { start: at('@hp_feed_two'), end: at('@hp_feed_two') + 12, username: 'hp_feed_two', id: users[2]?.id },
      { start: at('@nobody_known'), end: at('@nobody_known') + 13, username: 'nobody_known' },
    ]);
    for (const list of Object.values(post.entities)) for (const e of list) expect(cp.slice(e.start, e.end).join('').length).toBeGreaterThan(1);
  });

  it('cuts a long post at 280 code points (never inside a link) and gives note_tweet only when asked; retweets are cut at 140 with an ellipsis', async () => {
    const long = makePost({ authorUsername: 'HoneyFeedOne', createdAt: NOW - 2 * HOUR, text: `${'a'.repeat(270)} https://example.org/report #tail` });
    const rt = makeRetweet(makePost({ authorUsername: 'hp_feed_two', createdAt: NOW - 3 * HOUR, text: 'b'.repeat(200) }), { authorUsername: 'HoneyFeedOne', createdAt: NOW - HOUR });
    const server = await standIn([long, rt]);
    const plain = await timeline(server, '?tweet.fields=entities&exclude=retweets');
    expect(plain.body.data?.[0]).toEqual({ id: long.id, text: `${'a'.repeat(270)} `, edit_history_tweet_ids: [long.id] });
    const withNote = await timeline(server, '?tweet.fields=note_tweet&exclude=retweets');
    const note = withNote.body.data?.[0]?.note_tweet as { text: string; entities: { urls: { expanded_url: string }[]; hashtags: unknown[] } };
    expect(note.text).toBe(`${'a'.repeat(270)} ${tcoFor('https://example.org/report')} #tail`);
    expect(note.entities.urls[0]?.expanded_url).toBe('https://example.org/report');
    const rtText = (await timeline(server, '?max_results=5')).body.data?.[0]?.text as string;
    expect(rtText).toBe(`RT @hp_feed_two: ${'b'.repeat(122)}…`);
  });

  it('validates parameters with the real 400 body, listing every problem', async () => {
    const server = await standIn();
    const res = await timeline(server, '?max_results=3');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toEqual({
      errors: [{ parameters: { max_results: ['3'] }, message: 'The `max_results` query parameter value [3] is not between 5 and 100' }],
      title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request',
    });
    const many = await timeline(server, '?tweet.fields=created_at,bogus&exclude=quotes&since_id=12x&next_token=abc');
    expect(many.body.errors?.map((e) => e.message)).toEqual([
      expect.stringMatching(/^The query parameter \[next_token\] is not one of \[since_id,until_id,max_results,pagination_token,/),
      'The `since_id` query parameter value [12x] does not match ^[0-9]{1,19}$',
      'The `exclude` query parameter value [quotes] is not one of [replies,retweets]',
      expect.stringMatching(/^The `tweet.fields` query parameter value \[bogus\] is not one of \[article,attachments,author_id,/),
    ]);
    expect((await get(server, '/2/users/by')).body.errors).toEqual([{ parameters: { usernames: [] }, message: 'The `usernames` query parameter can not be empty' }]);
    expect((await get(server, '/2/users/by?usernames=@XDevelopers')).status).toBe(400);
    expect((await get(server, '/2/users/abc/tweets')).body.errors?.[0]?.message).toBe('The `id` query parameter value [abc] does not match ^[0-9]{1,19}$');
    expect((await timeline(server, '?since_id=1&start_time=2026-08-19T00:00:00Z')).status).toBe(400);
    const unknownRoute = await get(server, '/2/tweets/firehose');
    expect([unknownRoute.status, unknownRoute.body.title]).toEqual([404, 'Not Found Error']);
  });

  it('since_id and until_id are exclusive; start_time and end_time inclusive; protected and suspended users give inline errors', async () => {
    const posts = honeypotPosts('HoneyFeedOne', 5, NOW - HOUR, HOUR);
    const [, p1, p2, p3, p4] = posts.map((p) => p.id);
    const server = await standIn(posts);
    const idsOf = async (q: string) => (await timeline(server, q)).body.data?.map((t) => t.id);
    expect(await idsOf(`?since_id=${p1}&until_id=${p4}`)).toEqual([p3, p2]);
    expect(await idsOf(`?start_time=${posts[1]?.createdAt}&end_time=${posts[3]?.createdAt}`)).toEqual([p3, p2, p1]);
    expect(await idsOf(`?since_id=${p4}`)).toBeUndefined();
    const locked = users.find((u) => u.username === 'locked_feed')?.id;
    expect((await get(server, `/2/users/${locked}/tweets`)).body).toEqual({ errors: [expect.objectContaining({ title: 'Authorization Error', type: 'https://api.twitter.com/2/problems/not-authorized-for-resource' })] });
    const gone = users.find((u) => u.username === 'gone_feed')?.id;
    expect((await get(server, `/2/users/${gone}/tweets`)).body.errors?.[0]?.detail).toBe(`User has been suspended: [${gone}].`);
  });

  it('meta and tokens: next_token only while older posts remain, previous_token on token pages, the same page for a reused token, past-the-end page', async () => {
    const posts = honeypotPosts('HoneyFeedOne', 12, NOW - HOUR);
    const newestFirst = posts.map((p) => p.id).reverse();
    const server = await standIn(posts);
    const page1 = await timeline(server, '?max_results=5');
    expect(Object.keys(page1.body.meta ?? {})).toEqual(['result_count', 'newest_id', 'oldest_id', 'next_token']);
    const next = page1.body.meta?.next_token as string;
    expect(next).toMatch(/^[0-9a-v]+$/);
    const page2 = await timeline(server, `?max_results=5&pagination_token=${next}`);
    expect(page2.body.data?.map((t) => t.id)).toEqual(newestFirst.slice(5, 10));
    expect(await timeline(server, `?max_results=5&pagination_token=${next}`)).toMatchObject({ body: page2.body });
    const back = await timeline(server, `?max_results=5&pagination_token=${page2.body.meta?.previous_token}`);
    expect(back.body.data?.map((t) => t.id)).toEqual(newestFirst.slice(0, 5));
    const page3 = await timeline(server, `?max_results=5&pagination_token=${page2.body.meta?.next_token}`);
    expect(page3.body.meta).toEqual({ result_count: 2, newest_id: newestFirst[10], oldest_id: newestFirst[11], previous_token: expect.any(String) });
    const past = await timeline(server, `?max_results=5&until_id=${newestFirst[11]}`);
    expect(past.body).toEqual({ meta: { result_count: 0 } });
    const bogus = await timeline(server, '?pagination_token=zzzz');
    expect(bogus.body.errors?.[0]?.message).toBe('The `pagination_token` query parameter value [zzzz] is not a valid pagination token');
    expect((await get(server, `/2/tweets/search/recent?query=from:HoneyFeedOne&next_token=${next}`)).status).toBe(400);
  });

  it('reaches only the 3,200 most recent posts (800 with exclude=replies)', async () => {
    const server = await standIn(honeypotPosts('HoneyFeedOne', 3300, NOW - HOUR, 1000));
    const walk = async (extra: string) => {
      let count = 0;
      let token: unknown;
      do {
        const res = await timeline(server, `?max_results=100${extra}${token ? `&pagination_token=${String(token)}` : ''}`);
        count += Number(res.body.meta?.result_count);
        token = res.body.meta?.next_token;
      } while (token);
      return count;
    };
    expect(await walk('')).toBe(3200);
    expect(await walk('&exclude=replies')).toBe(800);
  });
});
