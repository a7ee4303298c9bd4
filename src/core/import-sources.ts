import path from 'node:path';
import type Database from 'better-sqlite3';
import type { FileImportResult, ImportProgress, ImportSource } from '../shared/types.js';
import { CancelledError, SightlineError, toErrorPayload } from './errors/index.js';
import { importFile } from './telemetry/index.js';
import type { UploadStore } from './uploads/upload-store.js';

export interface ImportSourcesContext {
  connection: () => Database.Database;
  uploads: UploadStore;
  signal: AbortSignal;
  progress: (p: ImportProgress) => void;
}

/**
 * Imports several files one after another, each atomically. A bad file is
 * reported and the next one still runs; a cancel stops the run, rolls back
 * the file in progress and leaves the ones already imported in place.
 */
export async function importSources(sources: readonly ImportSource[], ctx: ImportSourcesContext): Promise<FileImportResult[]> {
  const results: FileImportResult[] = [];
  const db = ctx.connection();
  try {
    for (const [fileIndex, source] of sources.entries()) {
      const name = source.kind === 'path' ? path.resolve(source.path) : source.name;
      if (ctx.signal.aborted) {
        results.push(notImported(name, 'cancelled', 'not imported: the import was cancelled'));
        continue;
      }
      try {
        const file = source.kind === 'path' ? name : ctx.uploads.resolve(source.uploadId);
        const result = await importFile(db, file, {
          displayName: name,
          signal: ctx.signal,
          onProgress: (p) => ctx.progress({ file: name, fileIndex, fileCount: sources.length, ...p }),
        });
        results.push(result);
      } catch (err) {
        if (err instanceof CancelledError) {
          results.push(notImported(name, 'cancelled', err.message));
        } else {
          const payload = err instanceof SightlineError ? err.toPayload() : toErrorPayload(err);
          results.push({
            ...notImported(name, 'failed', payload.message),
            ...(payload.line !== undefined ? { errorLine: payload.line } : {}),
            ...(payload.field !== undefined ? { errorField: payload.field } : {}),
          });
        }
      } finally {
        if (source.kind === 'upload') ctx.uploads.remove(source.uploadId);
      }
    }
  } finally {
    db.close();
  }
  return results;
}

function notImported(file: string, status: 'failed' | 'cancelled', error: string): FileImportResult {
  return { file, status, events: 0, processes: 0, ignored: 0, error };
}
