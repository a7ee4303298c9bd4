// X sync: `sightline intel sync` fetching 10,000 honeypot-bot posts of one
// account from the X API stand-in on 127.0.0.1 (extraction, provenance, one
// transaction per page), vs a bare fetch + JSON.parse loop making the same
// requests (the network-and-parse floor).
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { importXApiStandIn } from './lib/standin-build.js';
import { GNU_TIME, makeTempDir, ratio, removeDir, requireTool, timed } from './lib/measure.js';
import { honeypotPosts } from './lib/x-posts-data.js';

export const name = 'intel-sync';
export const description = 'X account sync from the X API stand-in: `sightline intel sync --json` vs a bare fetch + JSON.parse loop over the same pages';

const USERNAME = 'hp_bench_feed';
/** X serves only the newest 3,200 posts of a timeline (x-api.md §2.4); each sync round stays under that. */
const TIMELINE_REACH = 3200;
const ROUND_MAX = 3000;

export async function run(ctx) {
  requireTool(GNU_TIME, 'apt-get install time');
  const total = Math.max(100, Math.round(ctx.rows / 100));
  const rounds = Math.ceil(total / ROUND_MAX);
  const perRound = Math.ceil(total / rounds);
  const cli = path.join(ctx.root, 'bin', 'sightline.js');
  const peerScript = path.join(ctx.root, 'bench', 'lib', 'x-fetch-child.js');

  ctx.log('compiling the X API stand-in (test/standins → bench/.work/standins) ...');
  const x = await importXApiStandIn(ctx.root, ctx.workDir);
  const newest = Date.now() - 3_600_000;
  const written = honeypotPosts(USERNAME, total, newest);
  const posts = written.map((p) => x.makePost(p));
  const standIn = await x.startXApiStandIn({
    users: [x.makeUser({ username: USERNAME, name: 'Benchmark honeypot feed' })],
    posts,
    now: Date.parse(posts[0].createdAt) - 1000,
    tokens: { 'bench-sightline': 'ok', 'bench-peer': 'ok' },
  });
  const home = makeTempDir('sync-home');
  try {
    const env = { ...process.env, SIGHTLINE_HOME: home, SIGHTLINE_X_API_BASE_URL: standIn.baseUrl, SIGHTLINE_X_BEARER: 'bench-sightline' };
    const add = spawnSync(process.execPath, [cli, 'intel', 'sources', 'add', 'x-account', USERNAME, '--json'], { env, encoding: 'utf8' });
    if (add.status !== 0) throw new Error(`intel sources add failed: ${add.stdout}${add.stderr}`);
    const source = JSON.parse(add.stdout).name;

    const sl = { wallS: 0, maxRssKb: 0, posts: 0, newSightings: 0, newIndicators: 0 };
    const peer = { wallS: 0, maxRssKb: 0, posts: 0, pages: 0 };
    let peerSince;
    let userId;
    for (let r = 0; r < rounds; r++) {
      // The account posts a round's worth, then both sides sync: only new posts are fetched (since_id).
      const last = posts[Math.min(total, (r + 1) * perRound) - 1];
      standIn.control.setNow(Date.parse(last.createdAt) + 1000);
      ctx.log(`round ${r + 1}/${rounds}: sightline intel sync ...`);
      const s = await timed(process.execPath, [cli, 'intel', 'sync', '--source', source, '--max-wait', '0', '--json'], { env, cwd: ctx.root });
      if (s.code !== 0) throw new Error(`sightline intel sync exited with ${s.code}:\n${s.stdout}${s.stderr}`);
      const [outcome] = JSON.parse(s.stdout).sources;
      if (outcome?.state !== 'ok' || !outcome.complete) throw new Error(`sync round ${r + 1} did not complete: ${JSON.stringify(outcome)}`);
      sl.wallS += s.wallS;
      sl.maxRssKb = Math.max(sl.maxRssKb, s.maxRssKb);
      sl.posts += outcome.posts;
      sl.newSightings += outcome.newSightings;
      sl.newIndicators += outcome.newIndicators;

      ctx.log(`round ${r + 1}/${rounds}: fetch floor ...`);
      const p = await timed(process.execPath, [peerScript, standIn.baseUrl, 'bench-peer', USERNAME, ...(peerSince ? [peerSince] : [])], { env: { ...process.env, X_USER_ID: userId ?? '' } });
      if (p.code !== 0) throw new Error(`fetch floor exited with ${p.code}: ${p.stderr}`);
      const got = JSON.parse(p.stdout);
      peer.wallS += p.wallS;
      peer.maxRssKb = Math.max(peer.maxRssKb, p.maxRssKb);
      peer.posts += got.posts;
      peer.pages += got.pages;
      peerSince = got.newestId ?? peerSince;
      userId = got.userId;
    }
    // The fixed cost of a sync (process start, opening the store, warninglists, one empty page) on each side.
    ctx.log('a sync with nothing new, each side ...');
    const idle = await timed(process.execPath, [cli, 'intel', 'sync', '--source', source, '--max-wait', '0', '--json'], { env, cwd: ctx.root });
    if (idle.code !== 0 || JSON.parse(idle.stdout).sources[0]?.posts !== 0) throw new Error(`the idle sync failed or found posts: ${idle.stdout}${idle.stderr}`);
    const idlePeer = await timed(process.execPath, [peerScript, standIn.baseUrl, 'bench-peer', USERNAME, peerSince], { env: { ...process.env, X_USER_ID: userId ?? '' } });
    if (idlePeer.code !== 0 || JSON.parse(idlePeer.stdout).posts !== 0) throw new Error(`the idle fetch failed or found posts: ${idlePeer.stdout}${idlePeer.stderr}`);

    if (sl.posts !== total) throw new Error(`sightline synced ${sl.posts} posts, expected ${total}`);
    if (peer.posts !== total) throw new Error(`the fetch floor read ${peer.posts} posts, expected ${total}`);
    if (sl.newSightings < total) throw new Error(`only ${sl.newSightings} sightings from ${total} posts that each name at least one public address`);

    const slRate = total / sl.wallS;
    const peerRate = total / peer.wallS;
    const how = `${total.toLocaleString('en-US')} posts of one account in ${rounds} incremental sync${rounds > 1 ? 's' : ''} of ${perRound.toLocaleString('en-US')} (a timeline reaches the newest ${TIMELINE_REACH.toLocaleString('en-US')}), ${peer.pages} pages; each side one process per sync, start-up included`;
    return [
      { metric: 'x sync posts/s', sightline: slRate, peer: peerRate, peerName: 'fetch + JSON.parse loop', unit: 'posts/s', ratio: ratio(slRate, peerRate), note: `higher is better; ${how}; ${sl.newSightings.toLocaleString('en-US')} sightings, ${sl.newIndicators.toLocaleString('en-US')} indicators stored` },
      { metric: 'x sync wall time', sightline: sl.wallS, peer: peer.wallS, peerName: 'fetch + JSON.parse loop', unit: 's', ratio: ratio(sl.wallS, peer.wallS), note: `lower is better; sum over the ${rounds} syncs` },
      { metric: 'x sync, nothing new', sightline: idle.wallS, peer: idlePeer.wallS, peerName: 'fetch + JSON.parse loop', unit: 's', ratio: ratio(idle.wallS, idlePeer.wallS), note: 'lower is better; one sync finding no new post: the fixed cost in each sync above' },
      { metric: 'x sync peak RSS', sightline: sl.maxRssKb / 1024, peer: peer.maxRssKb / 1024, peerName: 'fetch + JSON.parse loop', unit: 'MB', ratio: ratio(sl.maxRssKb, peer.maxRssKb), note: 'lower is better; GNU time %M, the largest of the syncs' },
    ];
  } finally {
    await standIn.close();
    removeDir(home);
  }
}
