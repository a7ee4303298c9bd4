// Zeek conn.log import: `sightline import` (TSV) against the sqlite3 shell's
// `.import` of the same rows as CSV, both end to end as separate processes.
import path from 'node:path';
import { ensureZeekConnData, DEFAULT_SEED } from './lib/zeek-conn-data.js';
import { bestOfBoth, importRows, mb, repeats, requireImportTools, sightlineImport, sqliteImport } from './lib/import-bench.js';

export const name = 'zeek-import';
export const description =
  'Import a synthetic Zeek conn.log: `sightline import FILE --case bench --json` (TSV) vs the sqlite3 shell `.import` (CSV, WAL, synchronous=NORMAL)';

export async function run(ctx) {
  requireImportTools(ctx);
  const { rows } = ctx;
  const data = await ensureZeekConnData(ctx.workDir, rows, DEFAULT_SEED, ctx.log);
  if (data.cached) ctx.log(`using cached ${path.basename(data.tsv)} and ${path.basename(data.csv)}`);

  const { sl, sq } = await bestOfBoth(
    repeats(),
    () => sightlineImport(ctx, data.tsv, [], (f) => (f.events === rows ? null : `expected ${rows} events`)),
    () => sqliteImport(ctx, data.csv, rows),
  );
  return importRows(rows, sl, sq, `TSV ${mb(data.tsvBytes)} MB, CSV ${mb(data.csvBytes)} MB`);
}
