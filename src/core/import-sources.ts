import type Database from 'better-sqlite3';
import type { FileImportResult, ImportProgress, ImportSource } from '../shared/types.js';
import { errorFields, importEachSource } from './import-each-source.js';
import { importFile } from './telemetry/index.js';
import type { UploadStore } from './uploads/upload-store.js';

export interface ImportSourcesContext {
  connection: () => Database.Database;
  uploads: UploadStore;
  signal: AbortSignal;
  progress: (p: ImportProgress) => void;
}

/**
 * Imports several telemetry files one after another, each atomically. A bad
 * file is reported and the next one still runs; a cancel stops the run, rolls
 * back the file in progress and leaves the ones already imported in place.
 */
export async function importSources(sources: readonly ImportSource[], ctx: ImportSourcesContext): Promise<FileImportResult[]> {
  const db = ctx.connection();
  try {
    return await importEachSource(
      sources,
      ctx.uploads,
      ctx.signal,
      (file, name, fileIndex) =>
        importFile(db, file, {
          displayName: name,
          signal: ctx.signal,
          onProgress: (p) => ctx.progress({ file: name, fileIndex, fileCount: sources.length, ...p }),
        }),
      (file, why) => ({ file, status: why.status, events: 0, processes: 0, ignored: 0, ...errorFields(why) }),
    );
  } finally {
    db.close();
  }
}
