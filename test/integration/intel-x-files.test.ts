import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { extractIndicators } from '../../src/core/intel/extract/index.js';
import { unescapeHtml, v11Time } from '../../src/core/intel/feeds/x-archive.js';
import type { TokenStore } from '../../src/core/intel/sources/x/bearer-token.js';
import { EngineHarness } from '../helpers/engine.js';
import { repoRoot } from '../helpers/fixtures.js';
import { makeUser, startXApiStandIn, type XApiStandIn } from '../standins/x-api/index.js';

// Saved X API v2 responses and an X account archive (x-api.md §2, §4), written by
// test/fixtures/intel/x/make-x-fixtures.mjs from the posts in posts.json.
const dir = path.join(repoRoot, 'test', 'fixtures', 'intel', 'x');
const archiveRoot = path.join(dir, 'archive', 'twitter-2025-12-07-hp_sensor_eu');
const fx = {
  page: path.join(dir, 'api', 'timeline-page.json'),
  lines: path.join(dir, 'api', 'timeline-pages.jsonl'),
  search: path.join(dir, 'api', 'search-pages.json'),
  archive: archiveRoot,
  data: path.join(archiveRoot, 'data'),
  tweetsJs: path.join(archiveRoot, 'data', 'tweets.js'),
  likeJs: path.join(archiveRoot, 'data', 'like.js'),
  oldTweetJs: path.join(dir, 'archive', 'tweet-2019', 'tweet.js'),
};

interface Post {
  key: string;
  id: string;
  author: string;
  at: string;
  text: string;
}
const truth = JSON.parse(fs.readFileSync(path.join(dir, 'posts.json'), 'utf8')) as { users: { id: string; username: string; name: string }[]; posts: Post[] };
const post = (key: string) => truth.posts.find((p) => p.key === key) as Post;
const OWNER = 'hp_sensor_eu';

/** What the extractor finds in the posts as written: the count each file must reproduce from its own encoding. */
const indicatorsIn = (posts: Post[], cut = Infinity) => posts.reduce((n, p) => n + extractIndicators([...p.text].slice(0, cut).join('')).indicators.length, 0);
const quiet = (posts: Post[]) => posts.filter((p) => extractIndicators(p.text).indicators.length === 0).length;
const posts = (...keys: string[]) => keys.map(post);
const TIMELINE = ['ssh', 'telnet', 'http', 'quiet', 'dropper', 'long'];

const h = new EngineHarness();
const servers: XApiStandIn[] = [];
afterEach(async () => {
  h.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const importPaths = (engine: Engine, paths: string[], extra: object = {}) =>
  engine.invoke('intelImport', { sources: paths.map((p) => engine.files.source(p)), ...extra });

/** The sightings of one value in one post (the long post repeats addresses of the others). */
const sightingsIn = async (engine: Engine, type: 'ipv4' | 'ipv6', value: string, key: string) =>
  (await engine.invoke('intelSightings', { type, value })).filter((s) => s.ref === `x:${post(key).id}`);

describe('X files: saved API responses', () => {
  it('are recognised by content in all three layouts', async () => {
    const { files } = await importPaths(h.engine(), [fx.page, fx.lines, fx.search]);
    expect(files.map((f) => [f.status, f.format, f.sources])).toEqual([
      ['imported', 'x-api-json', ['x-file:timeline-page.json']],
      ['imported', 'x-api-json', ['x-file:timeline-pages.jsonl']],
      ['imported', 'x-api-json', ['x-file:search-pages.json']],
    ]);
  });

  it('concatenated pretty-printed pages (curl … | jq . >> file) read like JSON lines', async () => {
    const pretty = fs.readFileSync(fx.lines, 'utf8').trim().split('\n').map((l) => JSON.stringify(JSON.parse(l), null, 2)).join('\n');
    const file = path.join(h.tmp.make(), 'pages.json');
    fs.writeFileSync(file, pretty);
    const [read] = (await importPaths(h.engine(), [file])).files;
    expect(read).toMatchObject({ status: 'imported', format: 'x-api-json', records: indicatorsIn(posts(...TIMELINE)) });
  });

  it('a page: every post through the extractor, long posts in full, t.co links expanded, provenance kept', async () => {
    const engine = h.engine();
    const [file] = (await importPaths(engine, [fx.page])).files;
    expect(file).toMatchObject({ records: indicatorsIn(posts(...TIMELINE)), skipped: quiet(posts(...TIMELINE)), invalid: 0 });
    expect(file?.skipped).toBe(1);

    const ssh = post('ssh');
    expect(await sightingsIn(engine, 'ipv4', '45.148.10.81', 'ssh')).toEqual([
      expect.objectContaining({ source: 'x-file:timeline-page.json', ref: `x:${ssh.id}`, author: OWNER, postUrl: `https://x.com/${OWNER}/status/${ssh.id}`, seenAt: '2025-12-06T18:20:30.000Z', text: ssh.text }),
    ]);
    // The report link was a t.co link in `text`: the stored text has the real target again.
    const [telnet] = await sightingsIn(engine, 'ipv4', '193.32.162.29', 'telnet');
    expect(telnet?.text).toBe(post('telnet').text);
    // Past the 280th character: only in note_tweet.
    const [tail] = await engine.invoke('intelLookup', { values: ['36.138.19.180'] });
    expect(tail).toMatchObject({ found: true });
  });

  it('JSON lines and arrays of pages: authors named on another page, several authors, pages without posts', async () => {
    const engine = h.engine();
    const [lines, search] = (await importPaths(engine, [fx.lines, fx.search])).files;
    expect(lines).toMatchObject({ status: 'imported', records: indicatorsIn(posts(...TIMELINE)) });
    expect(search).toMatchObject({ status: 'imported', records: indicatorsIn(posts('ssh', 'tpot1', 'tpot2')), skipped: 0 });
    // The oldest posts are on page 2, whose response has no includes: the author comes from page 1.
    const ssh = await sightingsIn(engine, 'ipv4', '45.148.10.81', 'ssh');
    expect(ssh.map((s) => [s.source, s.author])).toEqual(
      expect.arrayContaining([
        ['x-file:timeline-pages.jsonl', OWNER],
        ['x-file:search-pages.json', OWNER],
      ]),
    );
    const [redis] = (await sightingsIn(engine, 'ipv4', '179.43.180.106', 'tpot2')).filter((x) => x.source === 'x-file:search-pages.json');
    expect(redis).toMatchObject({ author: 'tpot_reports', ref: `x:${post('tpot2').id}` });
  });
});

describe('X files: the account archive', () => {
  it('reads every posts part of the archive folder (or its data folder), unescaped, links expanded, owner from account.js', async () => {
    const engine = h.engine();
    const [folder, data] = (await importPaths(engine, [fx.archive, fx.data])).files;
    // The archive keeps the first 280 characters of a long post (its full text is in note-tweet.js, which Sightline does not read).
    const want = indicatorsIn(posts('ssh', 'telnet', 'http', 'quiet', 'dropper')) + indicatorsIn(posts('long'), 280);
    expect(folder).toMatchObject({ status: 'imported', format: 'x-archive', sources: [`x-archive:@${OWNER}`], records: want, skipped: 1 });
    expect(data).toMatchObject({ status: 'imported', format: 'x-archive', records: want, newSightings: 0 });

    const http = post('http');
    const [v6] = await engine.invoke('intelSightings', { type: 'ipv6', value: '2a0d:5600:24:b7::1f3' });
    // `&lt;script&gt;` in full_text; the created_at "Sat Dec 06 19:05:47 +0000 2025".
    expect(v6).toMatchObject({ source: `x-archive:@${OWNER}`, author: OWNER, ref: `x:${http.id}`, text: http.text, seenAt: '2025-12-06T19:05:47.000Z', postUrl: `https://x.com/${OWNER}/status/${http.id}` });
    expect(http.text).toContain('<script>');
    const [telnet] = await sightingsIn(engine, 'ipv4', '193.32.162.29', 'telnet');
    expect(telnet?.text).toBe(post('telnet').text);
  });

  it('one posts file: only that part, still credited to the owner named in account.js beside it', async () => {
    const engine = h.engine();
    const [file] = (await importPaths(engine, [fx.tweetsJs])).files;
    expect(file).toMatchObject({ status: 'imported', format: 'x-archive', sources: [`x-archive:@${OWNER}`], records: indicatorsIn(posts('ssh', 'telnet', 'http', 'quiet')) });
  });

  it('an older archive (tweet.js, unwrapped posts) without account.js: author unknown, source named after the file', async () => {
    const engine = h.engine();
    const [file] = (await importPaths(engine, [fx.oldTweetJs])).files;
    expect(file).toMatchObject({ status: 'imported', format: 'x-archive', sources: ['x-archive:tweet.js'], records: 3 });
    const [rdp] = await engine.invoke('intelSightings', { type: 'ipv4', value: '5.188.206.18' });
    expect(rdp).toMatchObject({
      author: null,
      ref: 'x:1153010211417952256',
      postUrl: 'https://x.com/i/web/status/1153010211417952256',
      seenAt: '2019-07-21T18:02:11.000Z',
      text: 'honeypot-nyc: #RDP brute force from 185.156.177.219 & 5.188.206.18 (1,204 tries)',
    });
  });
});

describe('archive text and times', () => {
  it('unescapes exactly &amp; &lt; &gt;, once', () => {
    expect(unescapeHtml('a &amp;lt; b &lt;i&gt; &quot; &amp;amp;')).toBe('a &lt; b <i> &quot; &amp;');
  });

  it('reads v1.1 created_at with its offset', () => {
    expect(new Date(v11Time('Sat Dec 06 18:20:30 +0000 2025') ?? 0).toISOString()).toBe('2025-12-06T18:20:30.000Z');
    expect(new Date(v11Time('Sat Dec 06 18:20:30 -0130 2025') ?? 0).toISOString()).toBe('2025-12-06T19:50:30.000Z');
    expect(v11Time('2025-12-06T18:20:30Z')).toBeNull();
  });
});

function memoryTokens(token: string): TokenStore {
  let value: string | null = token;
  return { where: 'memory', get: () => value, set: (t) => (value = t) };
}

describe('the same post from the API, a saved response and an archive', () => {
  it('is one sighting per source, all with the ref x:<id>; importing again adds nothing', async () => {
    const now = Date.parse('2025-12-08T00:00:00Z');
    const users = truth.users.map((u) => makeUser(u));
    const standInPosts = truth.posts.filter((p) => p.author === OWNER).map((p) => ({ id: p.id, authorUsername: p.author, text: p.text, createdAt: new Date(p.at).toISOString() }));
    const s = await startXApiStandIn({ users, posts: standInPosts, now, tokens: { good: 'ok' } });
    servers.push(s);
    const engine = h.engine({ tokens: memoryTokens('good'), serviceOrigins: { x: s.baseUrl }, clock: { now: () => s.control.now(), sleep: async (ms) => s.control.advance(ms) } });
    await engine.invoke('intelAddSource', { kind: 'x-account', username: OWNER });
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'ok', posts: TIMELINE.length });
    await importPaths(engine, [fx.page, fx.archive]);

    const ssh = post('ssh');
    const sightings = await sightingsIn(engine, 'ipv4', '45.148.10.81', 'ssh');
    expect(sightings.map((x) => [x.source, x.ref, x.author, x.text]).sort()).toEqual([
      [`x-archive:@${OWNER}`, `x:${ssh.id}`, OWNER, ssh.text],
      [`x-file:timeline-page.json`, `x:${ssh.id}`, OWNER, ssh.text],
      [`x:@${OWNER}`, `x:${ssh.id}`, OWNER, ssh.text],
    ]);
    // The sync and the saved response see the same texts, so the same indicators.
    const bySource = async (source: string) => (await engine.invoke('intelSources', {})).find((x) => x.name === source);
    expect((await bySource('x-file:timeline-page.json'))?.sightings).toBe((await bySource(`x:@${OWNER}`))?.sightings);

    const before = await engine.invoke('intelStats', {});
    const again = await importPaths(engine, [fx.page, fx.lines, fx.archive, fx.tweetsJs]);
    expect(again.files.find((f) => f.file === fx.page)).toMatchObject({ newSightings: 0, newIndicators: 0 });
    expect(again.files.find((f) => f.file === fx.archive)).toMatchObject({ newSightings: 0, newIndicators: 0 });
    expect((await engine.invoke('intelStats', {})).indicators).toBe(before.indicators);
  });
});

describe('X files that cannot be read', () => {
  it('each gets one clear error and stores nothing', async () => {
    const engine = h.engine();
    const tmp = h.tmp.make();
    const write = (name: string, content: string | Buffer) => {
      const file = path.join(tmp, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    };
    const zip = write('twitter-2025-12-07.zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), Buffer.alloc(20), Buffer.from('data/tweets.js')]));
    const cut = write('cut/data/tweets.js', fs.readFileSync(fx.tweetsJs, 'utf8').slice(0, 1500));
    const numericId = write('numeric.json', '{"data":[{"id":1997370581860180189,"text":"from 45.148.10.81","edit_history_tweet_ids":["1"]}]}');
    const noText = write('no-text.jsonl', `${fs.readFileSync(fx.lines, 'utf8').split('\n')[0]}\n{"data":[{"id":"1997370581860180189"}]}\n`);
    const emptyDir = h.tmp.make();
    const { files } = await importPaths(engine, [zip, fx.likeJs, cut, numericId, noText, emptyDir]);
    expect(files.map((f) => f.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'failed']);
    const [zipped, like, truncated, numeric, missing, folder] = files;
    expect(zipped?.error).toMatch(/ZIP.*X archive.*[Uu]nzip it/);
    expect(like?.error).toMatch(/not its posts/);
    expect(truncated).toMatchObject({ error: expect.stringMatching(/invalid JSON/) });
    expect(truncated?.errorLine).toBeGreaterThan(1);
    expect(numeric?.error).toMatch(/"id" must be the post id as a string/);
    expect(missing).toMatchObject({ error: expect.stringMatching(/no "text"/), errorLine: 2 });
    expect(folder?.error).toMatch(/nor an X archive/);
    expect((await engine.invoke('intelStats', {})).sightings).toBe(0);
  });

  it('a forced format that does not fit is refused; a fitting one is used', async () => {
    const engine = h.engine();
    const { files } = await importPaths(engine, [fx.page], { format: 'x-archive' });
    expect(files[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/not an X archive file/) });
    const forced = await importPaths(engine, [fx.oldTweetJs, fx.search], { format: 'x-archive' });
    expect(forced.files.map((f) => f.status)).toEqual(['imported', 'failed']);
    expect((await importPaths(engine, [fx.lines], { format: 'x-api-json' })).files[0]).toMatchObject({ status: 'imported', format: 'x-api-json' });
  });
});
