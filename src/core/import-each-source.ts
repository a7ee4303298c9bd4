import type { ImportSource } from '../shared/types.js';
import { CancelledError, SightlineError, toErrorPayload } from './errors/index.js';
import type { GrantedFiles } from './files/index.js';

export interface NotImported {
  status: 'failed' | 'cancelled';
  message: string;
  line?: number;
  field?: string;
}

/**
 * The loop every multi-file import shares (telemetry and intel): resolve each
 * granted source to its file (an uploaded copy is removed afterwards), run the
 * importer, and turn a failure into that file's result so the next file still
 * runs; after a cancel, the remaining files are reported as not imported.
 */
export async function importEachSource<R>(
  sources: readonly ImportSource[],
  files: GrantedFiles,
  signal: AbortSignal,
  run: (file: string, name: string, index: number) => Promise<R>,
  notImported: (name: string, why: NotImported) => R,
): Promise<R[]> {
  const results: R[] = [];
  for (const [index, source] of sources.entries()) {
    let file: string;
    let name: string;
    try {
      ({ file, name } = files.read(source.fileId));
    } catch (err) {
      results.push(notImported(`file #${index + 1}`, { status: 'failed', message: (err as Error).message, field: 'fileId' }));
      continue;
    }
    if (signal.aborted) {
      results.push(notImported(name, { status: 'cancelled', message: 'not imported: the import was cancelled' }));
      continue;
    }
    try {
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
      files.consumed(source.fileId);
    }
  }
  return results;
}

/** The name a source is reported under (the file a host granted), or its place in the list when its grant is gone. */
export function sourceName(files: GrantedFiles, sources: readonly ImportSource[], index: number): string {
  const source = sources[index];
  try {
    if (source) return files.read(source.fileId).name;
  } catch {
    // Reported as not available when its turn comes.
  }
  return `file #${index + 1}`;
}

/** The error fields of a result, from a NotImported. */
export function errorFields(why: NotImported): { error: string; errorLine?: number; errorField?: string } {
  return { error: why.message, ...(why.line !== undefined ? { errorLine: why.line } : {}), ...(why.field !== undefined ? { errorField: why.field } : {}) };
}
