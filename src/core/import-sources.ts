import type Database from 'better-sqlite3';
import type { CsvMapping, FileImportResult, ImportProgress, ImportSource, TelemetryFormat } from '../shared/types.js';
import { InvalidInputError } from './errors/index.js';
import { isValidTimeZone } from './telemetry/time.js';
import { errorFields, importEachSource } from './import-each-source.js';
import { importFile } from './telemetry/index.js';
import type { GrantedFiles } from './files/index.js';

export interface ImportSourcesContext {
  connection: () => Database.Database;
  files: GrantedFiles;
  signal: AbortSignal;
  progress: (p: ImportProgress) => void;
  format?: TelemetryFormat;
  mapping?: CsvMapping;
  timezone?: string;
}

/**
 * Imports several telemetry files one after another, each atomically. A bad
 * file is reported and the next one still runs; a cancel stops the run, rolls
 * back the file in progress and leaves the ones already imported in place.
 */
export async function importSources(sources: readonly ImportSource[], ctx: ImportSourcesContext): Promise<FileImportResult[]> {
  if (ctx.timezone !== undefined && !isValidTimeZone(ctx.timezone)) {
    throw new InvalidInputError(`"${ctx.timezone}" is not a time zone name (use an IANA name such as UTC, Europe/Berlin or America/New_York)`, { field: 'timezone' });
  }
  if (ctx.mapping && ctx.format !== undefined && ctx.format !== 'csv-mapped') {
    throw new InvalidInputError(`a column mapping reads files as csv-mapped, not ${ctx.format}`, { field: 'format' });
  }
  if (ctx.format === 'csv-mapped' && !ctx.mapping) {
    throw new InvalidInputError('the csv-mapped format needs a column mapping (--map mapping.json, or the import wizard)', { field: 'mapping' });
  }
  const db = ctx.connection();
  try {
    return await importEachSource(
      sources,
      ctx.files,
      ctx.signal,
      (file, name, fileIndex) =>
        importFile(db, file, {
          displayName: name,
          format: ctx.format,
          mapping: ctx.mapping,
          timezone: ctx.timezone,
          signal: ctx.signal,
          onProgress: (p) => ctx.progress({ file: name, fileIndex, fileCount: sources.length, ...p }),
        }),
      (file, why) => ({ file, status: why.status, events: 0, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0, ...errorFields(why) }),
    );
  } finally {
    db.close();
  }
}
