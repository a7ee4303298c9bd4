// Generic CSV flow export imported with a column mapping (format csv-mapped,
// `--map mapping.json`) against the sqlite3 shell's `.import` of the very
// same file.
import path from 'node:path';
import { ensureFlowCsvData, DEFAULT_SEED } from './lib/flow-csv-data.js';
import { bestOfBoth, importRows, mb, repeats, requireImportTools, sightlineImport, sqliteImport } from './lib/import-bench.js';

export const name = 'csv-import';
export const description =
  'Import a synthetic CSV flow export with a column mapping: `sightline import FILE --map mapping.json` (csv-mapped) vs the sqlite3 shell `.import` of the same file';

export async function run(ctx) {
  requireImportTools(ctx);
  const { rows } = ctx;
  const data = await ensureFlowCsvData(ctx.workDir, rows, DEFAULT_SEED, ctx.log);
  if (data.cached) ctx.log(`using cached ${path.basename(data.csv)}`);

  const check = (f) => (f.format !== 'csv-mapped' ? `read as ${f.format}` : f.events === rows && f.quarantined === 0 ? null : `expected ${rows} events`);
  const { sl, sq } = await bestOfBoth(
    repeats(),
    () => sightlineImport(ctx, data.csv, ['--map', data.mapping], check),
    () => sqliteImport(ctx, data.csv, rows),
  );
  return importRows(rows, sl, sq, `CSV ${mb(data.bytes['.csv'])} MB`);
}
