// IoC store: importing a 1,000,000-line list (vs the sqlite3 shell's .import of
// the same list) and matching 1,000,000 flow IPs against 1,000,000 addresses
// plus 10,000 CIDRs (vs a bare Set lookup of the same IPs, the floor).
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ensureIntelData } from './lib/intel-data.js';
import { GNU_TIME, makeTempDir, ratio, removeDir, requireTool, timed } from './lib/measure.js';

export const name = 'intel-match';
export const description = 'IoC list import (`sightline intel import`) vs sqlite3 .import, and matching flow IPs against the store vs a bare Set lookup';

export async function run(ctx) {
  requireTool(GNU_TIME, 'apt-get install time');
  requireTool('sqlite3', 'apt-get install sqlite3');
  const cli = path.join(ctx.root, 'bin', 'sightline.js');
  const n = ctx.rows;
  const cidrs = Math.max(10, Math.round(n / 100));
  const data = await ensureIntelData(ctx.workDir, n, cidrs, n);
  const home = makeTempDir('intel-home');
  const dbDir = makeTempDir('intel-sqlite');
  try {
    ctx.log('sightline intel import (list) ...');
    const sl = await timed(process.execPath, [cli, 'intel', 'import', data.list, data.netset, '--json'], { env: { ...process.env, SIGHTLINE_HOME: home }, cwd: ctx.root });
    if (sl.code !== 0) throw new Error(`sightline intel import exited with ${sl.code}:\n${sl.stdout}${sl.stderr}`);
    const files = JSON.parse(sl.stdout).files;
    // Random addresses now and then land in a documentation or benchmarking block, which an import leaves out (nonPublic).
    const taken = (f) => (f?.records ?? 0) + (f?.nonPublic ?? 0);
    if (taken(files[0]) !== n || taken(files[1]) !== cidrs) throw new Error(`intel import: unexpected counts ${JSON.stringify(files.map((f) => ({ ...f, nonPublicLines: f.nonPublicLines?.length })))}`);

    ctx.log('sqlite3 .import (list) ...');
    const script = path.join(dbDir, 'import.sql');
    fs.writeFileSync(script, ['PRAGMA journal_mode=WAL;', 'PRAGMA synchronous=NORMAL;', '.mode csv', `.import '${data.csv.replaceAll("'", "''")}' iocs`, ''].join('\n'));
    const sq = await timed('sqlite3', ['-batch', '-bail', path.join(dbDir, 'iocs.db')], { stdinFile: script });
    if (sq.code !== 0) throw new Error(`sqlite3 exited with ${sq.code}: ${sq.stderr}`);

    ctx.log('matching ...');
    const child = spawnSync(process.execPath, [path.join(ctx.root, 'bench', 'lib', 'match-child.js'), ctx.root, home, data.flows, data.list], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`match child failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout);
    if (m.hits < m.floorHits) throw new Error(`the matcher found ${m.hits} hits, fewer than exact lookups alone (${m.floorHits})`);

    const slRate = (n + cidrs) / sl.wallS;
    const sqRate = n / sq.wallS;
    return [
      { metric: 'list import rows/s', sightline: slRate, peer: sqRate, peerName: 'sqlite3 .import', unit: 'rows/s', ratio: ratio(slRate, sqRate), note: `higher is better; ${n.toLocaleString('en-US')} IPs + ${cidrs.toLocaleString('en-US')} CIDRs, with provenance and dedup` },
      { metric: 'list import peak RSS', sightline: sl.maxRssKb / 1024, peer: sq.maxRssKb / 1024, peerName: 'sqlite3 .import', unit: 'MB', ratio: ratio(sl.maxRssKb, sq.maxRssKb), note: 'lower is better' },
      { metric: 'match flows (ms)', sightline: m.matchMs, peer: m.floorMs, peerName: 'Set<number>.has floor', unit: 'ms', ratio: ratio(m.matchMs, m.floorMs), note: `lower is better; ${m.flows.toLocaleString('en-US')} flows vs ${m.indicators.toLocaleString('en-US')} indicators+ranges; ${m.hits} hits (floor, exact only: ${m.floorHits}); target < 1000 ms` },
      { metric: 'matcher load (ms)', sightline: m.loadMs, peer: m.selectMs, peerName: 'one plain SELECT of the rows', unit: 'ms', ratio: ratio(m.loadMs, m.selectMs), note: `lower is better; building the in-memory matcher from ${m.selected.toLocaleString('en-US')} stored indicators (scored, verdicts and allowlist applied) vs better-sqlite3 .all() of the same rows; target < 1000 ms (4.4 s before)` },
    ];
  } finally {
    removeDir(home);
    removeDir(dbDir);
  }
}
