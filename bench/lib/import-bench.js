// What every import benchmark does: `sightline import` of a file against the
// sqlite3 shell's `.import` of the same records as CSV, each as its own
// process under GNU time, and the rows/s, wall time and peak RSS side by side.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { GNU_TIME, makeTempDir, ratio, removeDir, requireTool, timed } from './measure.js';

export function requireImportTools(ctx) {
  requireTool(GNU_TIME, 'apt-get install time');
  requireTool('sqlite3', 'apt-get install sqlite3');
  if (!fs.existsSync(path.join(ctx.root, 'dist', 'bundle', 'cli.js'))) {
    throw new Error('Sightline is not built: run `npm run bench` (it builds first) or `npm run build:node`');
  }
}

/**
 * `sightline import FILE --case bench --json [extraArgs]` in a fresh data
 * folder; fails unless the JSON says one file imported and `check(file)`
 * returns null (else the reason).
 */
export async function sightlineImport(ctx, file, extraArgs, check, env = {}) {
  const cli = path.join(ctx.root, 'bin', 'sightline.js');
  const home = makeTempDir('home');
  try {
    ctx.log(`sightline import ${path.basename(file)} ...`);
    const sl = await timed(process.execPath, [cli, 'import', file, '--case', 'bench', '--json', ...extraArgs], {
      env: { ...process.env, ...env, SIGHTLINE_HOME: home },
      cwd: ctx.root,
    });
    if (sl.code !== 0) throw new Error(`sightline import exited with ${sl.code}:\n${sl.stdout}${sl.stderr}`);
    let out;
    try {
      out = JSON.parse(sl.stdout);
    } catch {
      throw new Error(`sightline import --json printed no JSON:\n${sl.stdout.slice(0, 2000)}`);
    }
    const result = out.files?.[0];
    const problem = out.files?.length !== 1 || result.status !== 'imported' ? 'not exactly one file imported' : check(result);
    if (problem) throw new Error(`sightline import: ${problem}; got ${JSON.stringify(out.files)}`);
    return { ...sl, result };
  } finally {
    removeDir(home);
  }
}

/**
 * The peer: the sqlite3 shell imports `csv` into a fresh WAL database (table
 * created from the header row, every column TEXT, no index), then
 * `SELECT count(*)` must equal `rows`.
 */
export async function sqliteImport(ctx, csv, rows) {
  const dbDir = makeTempDir('sqlite');
  try {
    const script = path.join(dbDir, 'import.sql');
    fs.writeFileSync(
      script,
      [
        'PRAGMA journal_mode=WAL;',
        'PRAGMA synchronous=NORMAL;',
        '.mode csv',
        `.import '${csv.replaceAll("'", "''")}' t`,
        '.mode list',
        'SELECT count(*) FROM t;',
        '',
      ].join('\n'),
    );
    ctx.log(`sqlite3 .import ${path.basename(csv)} ...`);
    const sq = await timed('sqlite3', ['-batch', '-bail', path.join(dbDir, 'peer.db')], { stdinFile: script });
    if (sq.code !== 0) throw new Error(`sqlite3 exited with ${sq.code}:\n${sq.stdout}${sq.stderr}`);
    const count = Number(sq.stdout.trim().split('\n').pop());
    if (count !== rows) throw new Error(`sqlite3 imported ${count} rows, expected ${rows}:\n${sq.stdout}${sq.stderr}`);
    return sq;
  } finally {
    removeDir(dbDir);
  }
}

export function sqlitePeerName() {
  return `sqlite3 ${spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0]} .import`;
}

export const mb = (bytes) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);

/** Runs per side (BENCH_REPEAT, default 3): this machine's timings swing by up to 2x from run to run. */
export function repeats() {
  const raw = process.env.BENCH_REPEAT;
  const n = raw === undefined ? 3 : Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`BENCH_REPEAT must be a positive integer, got "${raw}"`);
  return n;
}

/**
 * Runs both sides `n` times, alternating (Sightline, peer, Sightline, ...), so
 * a noisy stretch of the machine hits both alike, and keeps each side's best
 * run: interference only ever slows a run down, so the fastest of several is
 * the closest to what the code can do. The peak RSS kept is the highest of
 * any run, and every wall time is listed for the note.
 */
export async function bestOfBoth(n, sightline, peer) {
  const sls = [];
  const sqs = [];
  for (let i = 0; i < n; i++) {
    sls.push(await sightline());
    sqs.push(await peer());
  }
  const best = (runs) => {
    const fastest = runs.reduce((a, b) => (b.wallS < a.wallS ? b : a));
    return { ...fastest, maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)), walls: runs.map((r) => r.wallS) };
  };
  return { sl: best(sls), sq: best(sqs) };
}

/** "; best of 3: Sightline 8.1 8.4 9.0 s, peer 3.6 3.9 3.7 s" when bestOfBoth ran several. */
function runsNote(sl, sq) {
  if (!sl.walls || sl.walls.length < 2) return '';
  const list = (walls) => walls.map((w) => w.toFixed(1)).join(' ');
  return `; best of ${sl.walls.length}: Sightline ${list(sl.walls)} s, peer ${list(sq.walls)} s`;
}

/** The three rows every import benchmark reports: rows/s, wall time, peak RSS (of the best runs, see bestOfBoth). */
export function importRows(rows, sl, sq, sizes, prefix = 'import') {
  const peerName = sqlitePeerName();
  const slRate = rows / sl.wallS;
  const sqRate = rows / sq.wallS;
  const slMb = sl.maxRssKb / 1024;
  const sqMb = sq.maxRssKb / 1024;
  return [
    {
      metric: `${prefix} rows/s`,
      sightline: slRate,
      peer: sqRate,
      peerName,
      unit: 'rows/s',
      ratio: ratio(slRate, sqRate),
      note: `higher is better; ${rows.toLocaleString('en-US')} rows, ${sizes}`,
    },
    {
      metric: `${prefix} wall time`,
      sightline: sl.wallS,
      peer: sq.wallS,
      peerName,
      unit: 's',
      ratio: ratio(sl.wallS, sq.wallS),
      note: `lower is better; incl. process start; GNU time %e ${sl.timeElapsedS} / ${sq.timeElapsedS}${runsNote(sl, sq)}`,
    },
    {
      metric: `${prefix} peak RSS`,
      sightline: slMb,
      peer: sqMb,
      peerName,
      unit: 'MB',
      ratio: ratio(slMb, sqMb),
      note: 'lower is better; GNU time %M of the child',
    },
  ];
}
