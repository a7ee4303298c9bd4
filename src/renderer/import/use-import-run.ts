import { useCallback, useRef, useState } from 'react';
import { RemoteError } from '../../shared/error-payload.js';
import type { FileImportResult, FileRef, ImportProgress, ImportSource, JoinSummary } from '../../shared/types.js';
import type { Connection } from '../connect.js';
import { errorMessage } from '../error-message.js';
import type { FileChoice } from './file-choice.js';
import { mergeJoinSummaries, planImportCalls } from './import-plan.js';

export type FileStage = 'waiting' | 'uploading' | 'importing' | 'finished';

export interface RunFile {
  key: string;
  name: string;
  size: number;
  stage: FileStage;
  /** The latest progress event of this file. */
  progress: ImportProgress | null;
  result: FileImportResult | null;
}

export interface ImportRun {
  phase: 'idle' | 'running' | 'done';
  caseId: string | null;
  files: RunFile[];
  join: JoinSummary | null;
  cancelling: boolean;
  cancelled: boolean;
}

export interface RunOptions {
  caseId: string;
  timezone: string;
  joinToleranceSeconds: number;
  sourceOf: (choice: FileChoice) => Promise<FileRef>;
  /** The calls that sent these files are over: their uploads are gone. */
  onSent: (keys: readonly string[]) => void;
}

const IDLE: ImportRun = { phase: 'idle', caseId: null, files: [], join: null, cancelling: false, cancelled: false };

function notImported(name: string, status: 'failed' | 'cancelled', error: string): FileImportResult {
  return { file: name, status, events: 0, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0, error };
}

/**
 * Runs an import as importFiles jobs (one per format / mapping group, see
 * planImportCalls), keeping each file's progress and result. Cancel asks the
 * engine to stop (cancelJob, through the transport): the file in progress is
 * rolled back and the files not started are not imported.
 */
export function useImportRun(connection: Connection) {
  const { client } = connection;
  const [run, setRun] = useState<ImportRun>(IDLE);
  const abortRef = useRef<AbortController | null>(null);

  const patchFile = useCallback(
    (key: string, change: Partial<RunFile>) => setRun((r) => ({ ...r, files: r.files.map((f) => (f.key === key ? { ...f, ...change } : f)) })),
    [],
  );

  const start = useCallback(
    async (choices: readonly FileChoice[], options: RunOptions) => {
      const controller = new AbortController();
      abortRef.current = controller;
      const byKey = new Map(choices.map((c) => [c.key, c]));
      setRun({
        phase: 'running',
        caseId: options.caseId,
        files: choices.map((c) => ({ key: c.key, name: c.file.name, size: c.file.size, stage: 'waiting', progress: null, result: null })),
        join: null,
        cancelling: false,
        cancelled: false,
      });
      let join: JoinSummary | null = null;
      for (const call of planImportCalls(choices, options.timezone)) {
        const finish = (key: string, result: FileImportResult) => patchFile(key, { stage: 'finished', result });
        const refuseAll = (status: 'failed' | 'cancelled', error: string) => {
          for (const key of call.keys) finish(key, notImported(byKey.get(key)?.file.name ?? key, status, error));
        };
        if (controller.signal.aborted) {
          refuseAll('cancelled', 'not imported: the import was cancelled');
          continue;
        }
        const sources: ImportSource[] = [];
        try {
          for (const key of call.keys) {
            const choice = byKey.get(key) as FileChoice;
            if (!choice.source) patchFile(key, { stage: 'uploading' });
            sources.push({ fileId: (await options.sourceOf(choice)).fileId });
            patchFile(key, { stage: 'waiting' });
          }
        } catch (err) {
          refuseAll('failed', `could not be sent to Sightline: ${errorMessage(err)}`);
          continue;
        }
        try {
          const out = await client.importFiles(
            {
              caseId: options.caseId,
              sources,
              ...(call.format ? { format: call.format } : {}),
              ...(call.mapping ? { mapping: call.mapping } : {}),
              timezone: call.timezone,
              joinToleranceSeconds: options.joinToleranceSeconds,
            },
            {
              signal: controller.signal,
              onProgress: (p) => {
                const key = call.keys[p.fileIndex];
                // While another import into the case (another window or command) finishes, the file stays waiting.
                if (key) patchFile(key, { stage: p.waitingSeconds === undefined ? 'importing' : 'waiting', progress: p });
              },
            },
          );
          out.files.forEach((result, i) => {
            const key = call.keys[i];
            if (key) finish(key, result);
          });
          join = mergeJoinSummaries(join, out.join);
        } catch (err) {
          const cancelled = err instanceof RemoteError && err.code === 'CANCELLED';
          refuseAll(cancelled ? 'cancelled' : 'failed', cancelled ? 'not imported: the import was cancelled' : errorMessage(err));
        } finally {
          options.onSent(call.keys);
        }
      }
      abortRef.current = null;
      const joined = join;
      setRun((r) => ({ ...r, phase: 'done', join: joined, cancelling: false, cancelled: controller.signal.aborted }));
    },
    [client, patchFile],
  );

  const cancel = useCallback(() => {
    abortRef.current?.abort();
    setRun((r) => (r.phase === 'running' ? { ...r, cancelling: true } : r));
  }, []);

  const reset = useCallback(() => setRun(IDLE), []);

  return { run, start, cancel, reset };
}
