// Bounded memory on a big file: a generated ~2 GB Zeek conn.log (16,000,000
// rows by default) imported end to end; the number that matters is the
// peak RSS (target: under 400 MB), with rows/s beside the sqlite3 shell's
// `.import` of the same rows as CSV. Opt-in (minutes, ~4 GB of disk in
// bench/.work): `BENCH_BIG=1 npm run bench` or `node bench/run.js --only big-file`.
import path from 'node:path';
import { ensureZeekConnData, DEFAULT_SEED } from './lib/zeek-conn-data.js';
import { importRows, mb, requireImportTools, sightlineImport, sqliteImport } from './lib/import-bench.js';

export const name = 'big-file';
export const optIn = true;
export const description = 'Import a ~2 GB synthetic Zeek conn.log (BENCH_BIG_ROWS, default 16,000,000 rows): peak RSS (target < 400 MB) and rows/s vs the sqlite3 shell `.import`';

const DEFAULT_BIG_ROWS = 16_000_000;
const RSS_TARGET_MB = 400;

export async function run(ctx) {
  requireImportTools(ctx);
  const raw = process.env.BENCH_BIG_ROWS;
  const rows = raw ? Number(raw.replaceAll('_', '')) : DEFAULT_BIG_ROWS;
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`BENCH_BIG_ROWS must be a positive integer, got "${raw}"`);
  const data = await ensureZeekConnData(ctx.workDir, rows, DEFAULT_SEED, ctx.log);
  if (data.cached) ctx.log(`using cached ${path.basename(data.tsv)} and ${path.basename(data.csv)}`);

  const sl = await sightlineImport(ctx, data.tsv, [], (f) => (f.events === rows ? null : `expected ${rows} events`));
  const sq = await sqliteImport(ctx, data.csv, rows);
  const out = importRows(rows, sl, sq, `TSV ${mb(data.tsvBytes)} MB, CSV ${mb(data.csvBytes)} MB`, 'big file');
  const rss = out[2];
  rss.note += `; target < ${RSS_TARGET_MB} MB: ${rss.sightline < RSS_TARGET_MB ? 'met' : 'NOT met'}`;
  return out;
}
