// Zeek conn.log import: `sightline import` (TSV) against the sqlite3 shell's
// `.import` of the same rows as CSV, both end to end as separate processes.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureZeekConnData, DEFAULT_SEED } from './lib/zeek-conn-data.js';
import { GNU_TIME, makeTempDir, ratio, removeDir, requireTool, timed } from './lib/measure.js';

export const name = 'zeek-import';
export const description =
  'Import a synthetic Zeek conn.log: `sightline import FILE --case bench --json` (TSV) vs the sqlite3 shell `.import` (CSV, WAL, synchronous=NORMAL)';

export async function run(ctx) {
  requireTool(GNU_TIME, 'apt-get install time');
  requireTool('sqlite3', 'apt-get install sqlite3');
  const cli = path.join(ctx.root, 'bin', 'sightline.js');
  if (!fs.existsSync(path.join(ctx.root, 'dist', 'cli', 'main.js'))) {
    throw new Error('Sightline is not built: run `npm run bench` (it builds first) or `npm run build:node`');
  }

  const { rows } = ctx;
  const data = await ensureZeekConnData(ctx.workDir, rows, DEFAULT_SEED, ctx.log);
  if (data.cached) ctx.log(`using cached ${path.basename(data.tsv)} and ${path.basename(data.csv)}`);

  // (a) Sightline, in a fresh data folder.
  const home = makeTempDir('home');
  let sl;
  try {
    ctx.log('sightline import ...');
    sl = await timed(process.execPath, [cli, 'import', data.tsv, '--case', 'bench', '--json'], {
      env: { ...process.env, SIGHTLINE_HOME: home },
      cwd: ctx.root,
    });
    if (sl.code !== 0) throw new Error(`sightline import exited with ${sl.code}:\n${sl.stdout}${sl.stderr}`);
    let out;
    try {
      out = JSON.parse(sl.stdout);
    } catch {
      throw new Error(`sightline import --json printed no JSON:\n${sl.stdout.slice(0, 2000)}`);
    }
    const file = out.files?.[0];
    if (out.files?.length !== 1 || file.status !== 'imported' || file.events !== rows) {
      throw new Error(`sightline import: expected 1 file imported with ${rows} events, got ${JSON.stringify(out.files)}`);
    }
  } finally {
    removeDir(home);
  }

  // (b) The peer: sqlite3 shell, CSV into a fresh database, table created from the header row.
  const dbDir = makeTempDir('sqlite');
  let sq;
  try {
    const script = path.join(dbDir, 'import.sql');
    fs.writeFileSync(
      script,
      [
        'PRAGMA journal_mode=WAL;',
        'PRAGMA synchronous=NORMAL;',
        '.mode csv',
        `.import '${data.csv.replaceAll("'", "''")}' conn`,
        '.mode list',
        'SELECT count(*) FROM conn;',
        '',
      ].join('\n'),
    );
    ctx.log('sqlite3 .import ...');
    sq = await timed('sqlite3', ['-batch', '-bail', path.join(dbDir, 'peer.db')], { stdinFile: script });
    if (sq.code !== 0) throw new Error(`sqlite3 exited with ${sq.code}:\n${sq.stdout}${sq.stderr}`);
    const count = Number(sq.stdout.trim().split('\n').pop());
    if (count !== rows) throw new Error(`sqlite3 imported ${count} rows, expected ${rows}:\n${sq.stdout}${sq.stderr}`);
  } finally {
    removeDir(dbDir);
  }

  const sqliteVersion = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0];
  const peerName = `sqlite3 ${sqliteVersion} .import`;
  const slRate = rows / sl.wallS;
  const sqRate = rows / sq.wallS;
  const slMb = sl.maxRssKb / 1024;
  const sqMb = sq.maxRssKb / 1024;
  const mb = (bytes) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);
  const sizes = `TSV ${mb(data.tsvBytes)} MB, CSV ${mb(data.csvBytes)} MB`;
  return [
    {
      metric: 'import rows/s',
      sightline: slRate,
      peer: sqRate,
      peerName,
      unit: 'rows/s',
      ratio: ratio(slRate, sqRate),
      note: `higher is better; ${rows.toLocaleString('en-US')} rows, ${sizes}`,
    },
    {
      metric: 'import wall time',
      sightline: sl.wallS,
      peer: sq.wallS,
      peerName,
      unit: 's',
      ratio: ratio(sl.wallS, sq.wallS),
      note: `lower is better; incl. process start; GNU time %e ${sl.timeElapsedS} / ${sq.timeElapsedS}`,
    },
    {
      metric: 'import peak RSS',
      sightline: slMb,
      peer: sqMb,
      peerName,
      unit: 'MB',
      ratio: ratio(slMb, sqMb),
      note: 'lower is better; GNU time %M of the child',
    },
  ];
}
