/**
 * The job worker (worker_threads): runs the heavy operations of the contract
 * (`heavy: true` in shared/contract.ts) off the thread that serves the UI,
 * over database connections of its own to the same data home. Started and
 * fed by JobThread (job-thread.ts) with JobWorkerData; the grants, the X
 * token, the decay model, a test clock and the PDF printer stay with the
 * serving thread and are asked for (serving-line.ts) or sent errands.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isHeavy, isOperationName } from '../../shared/contract.js';
import { dispatch } from '../../shared/dispatch.js';
import { EngineCore } from '../engine-core.js';
import { deserializeError, toErrorPayload, type SerializedError } from '../errors/index.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import { prewarmParseWorker } from '../telemetry/index.js';
import type { Errand, FromWorker, JobWorkerData, ToWorker } from './job-protocol.js';
import { ServingLine } from './serving-line.js';

const port = parentPort;
if (!port) throw new Error('job-worker.js runs as a worker thread');
const data = workerData as JobWorkerData;
const post = (m: FromWorker): void => port.postMessage(m);

const core = new EngineCore(data.core);
const line = new ServingLine(post, data.answers, data.answered);
const running = new Map<number, AbortController>();
/** Errands sent to the serving thread, by number: settled when it says `settled`. */
const errands = new Map<number, (error?: SerializedError) => void>();
let nextErrand = 1;

/** Has the serving thread run `what` for job `id` (with the job's cancel, which it holds too). */
function errand(id: number, what: Errand): Promise<void> {
  return new Promise((resolve, reject) => {
    const n = nextErrand++;
    errands.set(n, (error) => {
      errands.delete(n);
      if (error) reject(deserializeError(error));
      else resolve();
    });
    post({ type: 'errand', id, errand: n, what });
  });
}

/** The test clock's sleep for job `id`: waited out on the serving thread; a cancel ends it here at once. */
function relayedSleep(id: number) {
  return (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      errand(id, { kind: 'sleep', ms }).then(done, done);
    });
}

/**
 * The host's PDF printer for job `id`: it prints on the serving thread, where
 * Electron's webContents are, stopped there by the job's cancel (the signal
 * given here is that job's; pdf.ts stops waiting on it at once).
 */
function relayedPrinter(id: number): PdfPrinter {
  return (page, pdf, { timeoutMs }) => errand(id, { kind: 'print', page, pdf, timeoutMs });
}

async function run(id: number, name: string, input: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    if (!isOperationName(name) || !isHeavy(name)) {
      post({ type: 'done', id, result: { ok: false, error: { code: 'INTERNAL', message: `internal error: ${name} is not a job of the job worker` } } });
      return;
    }
    // An import parses big files in a worker of its own: booting it overlaps taking the case's turn.
    if (name === 'importFiles') prewarmParseWorker();
    const env = line.env({ clock: data.relayClock ? { sleep: relayedSleep(id) } : undefined, printPdf: relayedPrinter(id) });
    const result = await dispatch(core.handlers(env), toErrorPayload, name, input, {
      signal: controller.signal,
      progress: (progress) => post({ type: 'progress', id, progress }),
    });
    post({ type: 'done', id, result });
  } finally {
    running.delete(id);
  }
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'job':
      void run(m.id, m.name, m.input);
      break;
    case 'cancel':
      running.get(m.id)?.abort();
      break;
    case 'settled':
      errands.get(m.errand)?.(m.error);
      break;
  }
});
post({ type: 'ready' });
