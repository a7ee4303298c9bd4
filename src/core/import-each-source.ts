import path from 'node:path';
import type { ImportSource } from '../shared/types.js';
import { CancelledError, SightlineError, toErrorPayload } from './errors/index.js';
import type { UploadStore } from './uploads/upload-store.js';

export interface NotImported {
  status: 'failed' | 'cancelled';
  message: string;
  line?: number;
  field?: string;
}

/**
 * The loop every multi-file import shares (telemetry and intel): resolve each
 * source to a file (a path, or an upload, removed afterwards), run the
 * importer, and turn a failure into that file's result so the next file still
 * runs; after a cancel, the remaining files are reported as not imported.
 */
export async function importEachSource<R>(
  sources: readonly ImportSource[],
  uploads: UploadStore,
  signal: AbortSignal,
  run: (file: string, name: string, index: number) => Promise<R>,
  notImported: (name: string, why: NotImported) => R,
): Promise<R[]> {
  const results: R[] = [];
  for (const [index, source] of sources.entries()) {
    const name = source.kind === 'path' ? path.resolve(source.path) : source.name;
    if (signal.aborted) {
      results.push(notImported(name, { status: 'cancelled', message: 'not imported: the import was cancelled' }));
      continue;
    }
    try {
      const file = source.kind === 'path' ? name : uploads.resolve(source.uploadId);
      results.push(await run(file, name, index));
    } catch (err) {
      if (err instanceof CancelledError) {
        results.push(notImported(name, { status: 'cancelled', message: err.message }));
      } else {
        const payload = err instanceof SightlineError ? err.toPayload() : toErrorPayload(err);
        results.push(
          notImported(name, {
            status: 'failed',
            message: payload.message,
            ...(payload.line !== undefined ? { line: payload.line } : {}),
            ...(payload.field !== undefined ? { field: payload.field } : {}),
          }),
        );
      }
    } finally {
      if (source.kind === 'upload') uploads.remove(source.uploadId);
    }
  }
  return results;
}

/** The error fields of a result, from a NotImported. */
export function errorFields(why: NotImported): { error: string; errorLine?: number; errorField?: string } {
  return { error: why.message, ...(why.line !== undefined ? { errorLine: why.line } : {}), ...(why.field !== undefined ? { errorField: why.field } : {}) };
}
