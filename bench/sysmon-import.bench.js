// Sysmon JSON lines import: `sightline import` of flat Windows-event JSON
// (events 3 and 1, with their rendered Message) against the sqlite3 shell's
// `.import` of the same records as CSV (every field a column).
import path from 'node:path';
import { ensureSysmonJsonData, DEFAULT_SEED } from './lib/sysmon-json-data.js';
import { bestOfBoth, importRows, mb, repeats, requireImportTools, sightlineImport, sqliteImport } from './lib/import-bench.js';

export const name = 'sysmon-import';
export const description =
  'Import synthetic Sysmon JSON lines (95% event 3, 5% event 1, NXLog style): `sightline import` vs the sqlite3 shell `.import` of the same records as CSV';

export async function run(ctx) {
  requireImportTools(ctx);
  const { rows } = ctx;
  const data = await ensureSysmonJsonData(ctx.workDir, rows, DEFAULT_SEED, ctx.log);
  if (data.cached) ctx.log(`using cached ${path.basename(data.json)} and ${path.basename(data.csv)}`);

  const check = (f) =>
    f.format !== 'sysmon-json' ? `read as ${f.format}` : f.events + f.processes === rows && f.quarantined === 0 ? null : `expected ${rows} events + processes`;
  const { sl, sq } = await bestOfBoth(
    repeats(),
    () => sightlineImport(ctx, data.json, [], check),
    () => sqliteImport(ctx, data.csv, rows),
  );
  const out = importRows(rows, sl, sq, `JSON ${mb(data.bytes['.json'])} MB, CSV ${mb(data.bytes['.csv'])} MB`);
  out[0].note += `; ${sl.result.events.toLocaleString('en-US')} connections, ${sl.result.processes.toLocaleString('en-US')} processes`;
  return out;
}
