// Retro-hunt: a case matched at one IoC store revision, matched again after
// an import of 100,000 new indicators (BENCH_ROWS / 10) against only what
// changed, over the observables of a 1,000,000-connection case (the
// synthetic scale case, imported with the CLI), vs the floor: one SELECT of
// the changed values into a Set and a lookup of every destination address.
// Also: reading the case's observables, and a full match against the whole store.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateScale, SCALE_GENERATOR_VERSION } from '../test/synthetic/index.js';
import { ensureIntelData, ipText } from './lib/intel-data.js';
import { mulberry32 } from '../test/synthetic/random.js';
import { makeTempDir, ratio, removeDir, timed } from './lib/measure.js';

export const name = 'intel-retro-hunt';
export const description = 'Retro-hunt of 100k new indicators (rows/10) against the observables of a 1M-connection case vs a Set lookup of the changed values; full match and case read for context';

export async function run(ctx) {
  const n = ctx.rows;
  const fresh = Math.max(1000, Math.round(n / 10));
  const cli = path.join(ctx.root, 'bin', 'sightline.js');
  const caseDir = path.join(ctx.workDir, `scale-${n}c-s1-v${SCALE_GENERATOR_VERSION}`);
  if (!fs.existsSync(path.join(caseDir, 'manifest.json'))) {
    ctx.log(`generating the scale case (${n.toLocaleString('en-US')} connections) ...`);
    fs.rmSync(caseDir, { recursive: true, force: true });
    await generateScale(caseDir, { connections: n });
  }
  const home = makeTempDir('retro-home');
  try {
    const env = { ...process.env, SIGHTLINE_HOME: home };
    const run = async (args) => {
      const r = await timed(process.execPath, [cli, ...args, '--json'], { env, cwd: ctx.root });
      if (r.code !== 0) throw new Error(`sightline ${args.join(' ')} exited with ${r.code}:\n${r.stdout}${r.stderr}`);
      return JSON.parse(r.stdout);
    };
    ctx.log('importing the case ...');
    const imported = await run(['import', path.join(caseDir, 'zeek', 'conn.log'), '--case', 'retro']);
    if (imported.files[0]?.events !== n) throw new Error(`case import: expected ${n} events, got ${JSON.stringify(imported.files[0])}`);
    const caseDb = path.join(home, 'cases', `${imported.case.id}.sqlite`);

    ctx.log('the IoC store the case was matched against ...');
    const base = await ensureIntelData(ctx.workDir, n, Math.max(10, Math.round(n / 100)), n);
    await run(['intel', 'import', base.list, base.netset]);

    // The new indicators: random public addresses, a few networks and domains, and 1 % of them the case's own destinations.
    const destinations = spawnSync('sqlite3', ['-readonly', caseDb, 'SELECT DISTINCT dst_ip FROM events'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout.trim().split('\n');
    const rand = mulberry32(20261207);
    const lines = [];
    for (let i = 0; i < fresh; i++) {
      if (i % 100 === 0) lines.push(destinations[Math.floor(rand() * destinations.length)]);
      else if (i % 50 === 1) lines.push(`${ipText(((Math.floor(rand() * 200) + 11) << 24) >>> 0 | (Math.floor(rand() * 65536) << 8))}/24`);
      else if (i % 10 === 2) lines.push(`c2-${i}.example-${Math.floor(rand() * 1e6)}.net`);
      else lines.push(ipText((((Math.floor(rand() * 200) + 11) << 24) | Math.floor(rand() * 0xffffff)) >>> 0));
    }
    const newList = path.join(home, 'new-indicators.txt');
    fs.writeFileSync(newList, `${lines.join('\n')}\n`);

    const child = spawnSync(process.execPath, [path.join(ctx.root, 'bench', 'lib', 'retro-child.js'), ctx.root, home, caseDb, newList, cli], { encoding: 'utf8', maxBuffer: 1 << 20, env });
    if (child.status !== 0) throw new Error(`retro child failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout);
    // Every exact hit of the floor is a hit or, on a warninglist, suppressed: never dropped.
    if (m.retroHits + m.retroSuppressed < m.floorHits) throw new Error(`the retro-hunt found ${m.retroHits} hits and ${m.retroSuppressed} suppressed, fewer than exact lookups alone (${m.floorHits})`);
    const note = `${m.changed.toLocaleString('en-US')} changed indicators vs ${m.addresses.toLocaleString('en-US')} destinations of ${n.toLocaleString('en-US')} connections`;
    return [
      { metric: 'retro-hunt (ms)', sightline: m.retroMs, peer: m.floorMs, peerName: 'SELECT changed values + Set.has', unit: 'ms', ratio: ratio(m.retroMs, m.floorMs), note: `lower is better; ${note}; ${m.retroHits} hits announced with their post, ${m.retroSuppressed} suppressed (floor, exact only: ${m.floorHits})` },
      { metric: 'full match (ms)', sightline: m.fullMs, peer: null, peerName: '', unit: 'ms', ratio: null, note: `the same case against all ${m.indicators.toLocaleString('en-US')} indicators; ${m.fullHits} hits, ${m.suppressed} suppressed` },
      { metric: 'read case observables (ms)', sightline: m.readMs, peer: null, peerName: '', unit: 'ms', ratio: null, note: `readCaseObservables: distinct destinations with first/last time and names, process hashes` },
    ];
  } finally {
    removeDir(home);
  }
}
