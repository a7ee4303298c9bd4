/**
 * The job worker (worker_threads): runs the heavy operations of the contract
 * (`heavy: true` in shared/contract.ts) off the thread that serves the UI,
 * over database connections of its own to the same data home. Started and
 * fed by JobThread (job-thread.ts) with JobWorkerData; the grants, the X
 * token, the decay model and a test clock stay with the serving thread and
 * are asked for (serving-line.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isHeavy, isOperationName } from '../../shared/contract.js';
import { dispatch } from '../../shared/dispatch.js';
import { EngineCore } from '../engine-core.js';
import { toErrorPayload } from '../errors/index.js';
import { prewarmParseWorker } from '../telemetry/index.js';
import type { FromWorker, JobWorkerData, ToWorker } from './job-protocol.js';
import { ServingLine } from './serving-line.js';

const port = parentPort;
if (!port) throw new Error('job-worker.js runs as a worker thread');
const data = workerData as JobWorkerData;
const post = (m: FromWorker): void => port.postMessage(m);

const core = new EngineCore(data.core);
const line = new ServingLine(post, data.answers, data.answered);
const running = new Map<number, AbortController>();
/** Sleeps on the serving thread's test clock, by number: resolved when it says `woke`. */
const sleeping = new Map<number, () => void>();
let nextSleep = 1;

/** The test clock's sleep for job `id`: waited out on the serving thread, which also stops it on cancel. */
function relayedSleep(id: number) {
  return (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const n = nextSleep++;
      const done = (): void => {
        sleeping.delete(n);
        signal.removeEventListener('abort', done);
        resolve();
      };
      sleeping.set(n, done);
      signal.addEventListener('abort', done, { once: true });
      post({ type: 'sleep', id, sleep: n, ms });
    });
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
    const env = line.env({ clock: data.relayClock ? { sleep: relayedSleep(id) } : undefined });
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
    case 'woke':
      sleeping.get(m.sleep)?.();
      break;
  }
});
post({ type: 'ready' });
