import type { MessagePort } from 'node:worker_threads';
import type { OperationName } from '../../shared/contract.js';
import type { DispatchResult } from '../../shared/dispatch.js';
import type { CoreOptions } from '../engine-core.js';
import type { SerializedError } from '../errors/index.js';

/**
 * The messages between the serving engine (job-thread.ts) and its job worker
 * (job-worker.ts). Jobs go in with their caller's input as it came; progress
 * and one result come back. While a job runs, the worker asks the serving
 * thread for what only it holds (serving-line.ts) and sends it errands.
 */

/** What the job worker is started with. */
export interface JobWorkerData {
  core: CoreOptions;
  /** The serving engine was given a test clock: ask it the time instead of reading our own. */
  relayClock: boolean;
  /** Where the serving thread puts its answers (transferred). */
  answers: MessagePort;
  /** Four bytes the serving thread sets to 1, with Atomics.notify, once an answer is on `answers`. */
  answered: SharedArrayBuffer;
}

export type ToWorker =
  | { type: 'job'; id: number; name: OperationName; input: unknown }
  | { type: 'cancel'; id: number }
  /** An errand the worker sent is done; `error` when it failed. */
  | { type: 'settled'; errand: number; error?: SerializedError };

export type FromWorker =
  /** The worker opened the data home and takes jobs. */
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'done'; id: number; result: DispatchResult }
  /** The worker waits (Atomics.wait) for the answer. */
  | { type: 'ask'; question: Question }
  /** Job `id` waits for errand number `errand`, run by the serving thread with the job's cancel. */
  | { type: 'errand'; id: number; errand: number; what: Errand };

/** The state a running job reads from the serving thread, synchronously, as the handlers' calls are. */
export type Question =
  | { kind: 'files'; method: 'read' | 'write' | 'consumed' | 'release'; fileId: string }
  | { kind: 'files'; method: 'newDownload'; name: string }
  | { kind: 'token' }
  | { kind: 'decay' }
  | { kind: 'now' }
  | { kind: 'closeCase'; caseId: string };

/**
 * What a job awaits from the serving thread, asynchronously (the worker
 * keeps running its other jobs): a sleep of the test clock, or the host's
 * PDF printer (Electron's webContents live in the serving thread's process
 * only). The job's cancel stops it there.
 */
export type Errand = { kind: 'sleep'; ms: number } | { kind: 'print'; page: string; pdf: string; timeoutMs: number };

export type Answer = { ok: true; value: unknown } | { ok: false; error: SerializedError };
