// Analysis of a large case: `sightline analyze --json` over a synthetic week of
// ctx.rows Zeek connections with planted beacons (test/synthetic's scale mode),
// beside the floor: the sqlite3 shell running one grouped scan of the same
// events (per host/process/destination count, bytes and time span).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GNU_TIME, makeTempDir, ratio, removeDir, requireTool, timed } from './lib/measure.js';

export const name = 'analyze';
export const description = '`sightline analyze --json` over a synthetic week with planted beacons vs one grouped sqlite3 scan of the same events';

export async function run(ctx) {
  requireTool(GNU_TIME, 'apt-get install time');
  requireTool('sqlite3', 'apt-get install sqlite3');
  const cli = path.join(ctx.root, 'bin', 'sightline.js');
  const { generateScale } = await import(pathToFileURL(path.join(ctx.root, 'test', 'synthetic', 'index.js')).href);
  const data = makeTempDir('analyze-data');
  const home = makeTempDir('analyze-home');
  try {
    ctx.log(`generating ${ctx.rows.toLocaleString('en-US')} connections ...`);
    const manifest = generateScale(data, { connections: ctx.rows, beacons: 5 });
    const conn = manifest.files.map((f) => path.join(data, f.path)).find((f) => f.endsWith('conn.log'));
    const env = { ...process.env, SIGHTLINE_HOME: home };
    ctx.log('importing ...');
    const imported = await timed(process.execPath, [cli, 'import', conn, '--case', 'bench', '--json'], { env, cwd: ctx.root });
    if (imported.code !== 0) throw new Error(`import exited with ${imported.code}: ${imported.stderr}`);

    ctx.log('sightline analyze ...');
    const sl = await timed(process.execPath, [cli, 'analyze', '--case', 'bench', '--json', '--limit', '50'], { env, cwd: ctx.root });
    if (sl.code !== 0) throw new Error(`analyze exited with ${sl.code}: ${sl.stderr}`);
    const out = JSON.parse(sl.stdout);
    const top = out.findings.slice(0, 10);
    const found = manifest.incidents.filter((i) => top.some((f) => f.dst === i.destination.ip && f.kinds.includes('beacon'))).length;

    ctx.log('sqlite3 grouped scan ...');
    const db = path.join(home, 'cases', 'bench.sqlite');
    const script = path.join(data, 'scan.sql');
    fs.writeFileSync(script, '.mode list\nSELECT COUNT(*) FROM (SELECT host, image, dst_ip, COUNT(*), TOTAL(bytes_out), MIN(ts), MAX(ts) FROM events GROUP BY host, image, dst_ip);\n');
    const sq = await timed('sqlite3', ['-readonly', '-batch', '-bail', db], { stdinFile: script });
    if (sq.code !== 0) throw new Error(`sqlite3 exited with ${sq.code}: ${sq.stderr}`);

    return [
      {
        metric: 'analyze (s)',
        sightline: sl.wallS,
        peer: sq.wallS,
        peerName: 'sqlite3 grouped scan',
        unit: 's',
        ratio: ratio(sl.wallS, sq.wallS),
        note: `lower is better; ${out.run.units.toLocaleString('en-US')} units, ${out.total} findings; ${found} of ${manifest.incidents.length} planted beacons in the top 10; target < 10 s`,
      },
      { metric: 'analyze peak RSS', sightline: sl.maxRssKb / 1024, peer: sq.maxRssKb / 1024, peerName: 'sqlite3 grouped scan', unit: 'MB', ratio: ratio(sl.maxRssKb, sq.maxRssKb), note: 'lower is better' },
    ];
  } finally {
    removeDir(home);
    removeDir(data);
  }
}
