import { Worker } from 'node:worker_threads';
import { MalformedRecordError, type SightlineError } from '../errors/index.js';
import { workerFileBeside } from '../worker-file.js';
import { readLineBlocks } from './line-reader.js';
import type { RecordCollector, RecordCounts } from './import-rows.js';
import { batchBuffers, type PackedBatch } from './packed-batch.js';
import { deserializeError, type SerializedError } from '../errors/thread-errors.js';
import type { ImportWriter } from './import-writer.js';
import type { LinesReader, ReaderOptions } from './records.js';

/**
 * The parsing half of an import: the read loop every line format shares
 * (run in the parse worker, or in the importing thread as a fallback), and
 * the main-thread side of the worker protocol.
 */

export interface ParseHooks {
  /** Each chunk of content (gunzipped), in order: for the content hash. */
  onChunk(chunk: Buffer): void;
  /** File bytes read (compressed for .gz): for progress. */
  onBytes(n: number): void;
  /** After each block of lines: may wait (the worker waits for the writer) or throw (cancel). */
  afterBlock(): void | Promise<void>;
}

/**
 * Feeds every line of `file` to the format's parser, with `collector` as
 * the sink; a record the parser rejects (MalformedRecordError) is
 * quarantined and reading goes on. Any other error fails the file.
 */
export async function parseLines(file: string, reader: LinesReader, options: ReaderOptions, collector: RecordCollector, hooks: ParseHooks): Promise<void> {
  const parser = reader.create(options);
  let lastLine = 0;
  const blocks = readLineBlocks(file, { onChunk: hooks.onChunk, onBytes: hooks.onBytes });
  for await (const { lines, first } of blocks) {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      try {
        parser.line(text, first + i, collector);
      } catch (err) {
        if (!(err instanceof MalformedRecordError)) throw err;
        collector.bad(err, first + i, text);
      }
    }
    lastLine = first + lines.length - 1;
    const wait = hooks.afterBlock();
    if (wait) await wait;
  }
  parser.end(lastLine);
}

// ---------------------------------------------------------------------------
// The worker protocol.

/** What the worker is started with (workerData): plain JSON. */
export interface ParseWorkerParams {
  file: string;
  /** The name errors carry. */
  name: string;
  format: string;
  options: ReaderOptions;
}

/** To a worker started without workerData (a spare, see prewarmParseWorker): the file to parse. */
export interface Start {
  type: 'start';
  params: ParseWorkerParams;
}

export type WorkerMessage =
  | { type: 'batch'; batch: PackedBatch; bytesRead: number; stored: number; quarantined: number }
  | { type: 'end'; sha256: string; counts: RecordCounts; firstProblem: SerializedError | null; bytesRead: number }
  | { type: 'error'; error: SerializedError };

/**
 * Sent by the writer for each batch it took, with the batch's array buffers
 * (transferred back, for reuse): the worker stays at most a few batches ahead.
 */
export interface Ack {
  type: 'ack';
  buffers: ArrayBuffer[];
}
/** Batches the worker may have sent that the writer has not taken yet: bounds memory whatever the speed difference. */
export const MAX_IN_FLIGHT = 4;

export interface ParseResult {
  sha256: string;
  counts: RecordCounts;
  firstProblem: SightlineError | null;
}

/** The worker could not be started here: the caller parses in its own thread instead. */
export class WorkerUnavailableError extends Error {}

/** The compiled parse worker beside this module (see workerFileBeside). */
function workerFile(): URL | null {
  return workerFileBeside('parse-worker.js', import.meta.url);
}

/** A worker started ahead of need by prewarmParseWorker, idle until given a file. */
let spare: Worker | null = null;

/**
 * Starts a parse worker now for the next parseInWorker to use. Booting a
 * worker and loading its code takes ~0.15 s, which otherwise comes before an
 * import's first row; started early (the CLI does at launch, before it opens
 * any database) that time overlaps other work. Unreferenced while idle, so an
 * unused spare never keeps the process alive. Does nothing where there is no
 * worker file (see workerFile).
 */
export function prewarmParseWorker(): void {
  const url = workerFile();
  if (spare || !url) return;
  try {
    const worker = new Worker(url, { workerData: null });
    worker.unref();
    // A spare that fails or stops is not used: the import starts a fresh worker.
    const discard = (): void => {
      if (spare === worker) spare = null;
    };
    worker.once('error', discard);
    worker.once('exit', discard);
    spare = worker;
  } catch {
    spare = null;
  }
}

/**
 * Parses a file in a worker thread while this thread writes: the worker
 * reads, hashes and parses, and posts packed batches of rows; each is
 * written by `writer` here. Errors come back as the same error kind with
 * the same message, line and field. On abort the worker is stopped at once
 * and `cancelled()` is thrown. Throws WorkerUnavailableError, having handed
 * nothing to `writer`, when the worker cannot start.
 */
export async function parseInWorker(
  params: ParseWorkerParams,
  writer: ImportWriter,
  hooks: { onBatch(m: { bytesRead: number; stored: number; quarantined: number }): void; signal?: AbortSignal; cancelled(): Error },
): Promise<ParseResult> {
  const url = workerFile();
  if (!url) throw new WorkerUnavailableError('no parse worker beside this module');
  let worker: Worker;
  if (spare) {
    worker = spare;
    spare = null;
    worker.ref();
    worker.postMessage({ type: 'start', params } satisfies Start);
  } else {
    try {
      worker = new Worker(url, { workerData: params });
    } catch (err) {
      throw new WorkerUnavailableError(`the parse worker did not start: ${(err as Error).message}`);
    }
  }
  let heard = false;
  let settled = false;
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<ParseResult>((resolve, reject) => {
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      if (hooks.signal?.aborted) fail(hooks.cancelled());
      onAbort = () => fail(hooks.cancelled());
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (m: WorkerMessage) => {
        heard = true;
        if (settled) return;
        try {
          if (m.type === 'batch') {
            writer.batch(m.batch);
            const buffers = batchBuffers(m.batch);
            worker.postMessage({ type: 'ack', buffers } satisfies Ack, buffers);
            hooks.onBatch(m);
            if (hooks.signal?.aborted) fail(hooks.cancelled());
          } else if (m.type === 'end') {
            settled = true;
            resolve({
              sha256: m.sha256,
              counts: m.counts,
              firstProblem: m.firstProblem ? (deserializeError(m.firstProblem) as SightlineError) : null,
            });
          } else {
            fail(deserializeError(m.error));
          }
        } catch (err) {
          fail(err);
        }
      });
      worker.on('error', (err) => fail(heard ? err : new WorkerUnavailableError(`the parse worker failed to start: ${err.message}`)));
      worker.on('exit', (code) => fail(new Error(`the parse worker stopped unexpectedly (exit code ${code})`)));
    });
  } finally {
    settled = true;
    if (onAbort) hooks.signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}
