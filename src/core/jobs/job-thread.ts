import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { OperationName } from '../../shared/contract.js';
import type { DispatchResult, JobContext } from '../../shared/dispatch.js';
import type { CallEnv, CoreOptions } from '../engine-core.js';
import type { FromWorker, JobWorkerData, ToWorker } from './job-protocol.js';
import { CancelledError, serializeError, type SerializedError } from '../errors/index.js';
import { answer, answerQuestion, runErrand } from './serving-line.js';

export interface JobThreadOptions {
  /** The compiled job-worker.js (see workerFileBeside). */
  file: URL;
  /** The data home, opened again by the worker with connections of its own. */
  core: CoreOptions;
  /** The serving thread's grants, token, decay model and test clock: the worker asks for them. */
  env: CallEnv;
}

/** The worker could not start (before it took any job): the caller runs its jobs on its own thread instead. */
export const UNAVAILABLE = Symbol('job worker unavailable');

interface Running {
  name: OperationName;
  ctx: JobContext<unknown>;
  settle(r: DispatchResult | typeof UNAVAILABLE): void;
}

interface Started {
  worker: Worker;
  answers: MessagePort;
  answered: SharedArrayBuffer;
  ready: boolean;
  running: Map<number, Running>;
}

/**
 * The serving engine's side of the job worker: started on the first heavy
 * call and kept warm (unreferenced while idle, so it never keeps a process
 * alive), fed every heavy call with its input, progress and cancel, and
 * answering the worker's questions and running its errands (a test clock's
 * sleep, a PDF print) with the job's cancel. Jobs run there concurrently; those that
 * write take their turns there (one WriteTurns, as on one thread before). A
 * worker that stops fails its running jobs with a sentence saying so, and
 * the next job starts a new one.
 */
export class JobThread {
  private current: Started | null = null;
  private nextId = 1;

  constructor(private readonly options: JobThreadOptions) {}

  run(name: OperationName, input: unknown, ctx: JobContext<unknown>): Promise<DispatchResult | typeof UNAVAILABLE> {
    let started: Started;
    try {
      started = this.started();
    } catch {
      return Promise.resolve(UNAVAILABLE);
    }
    const { worker, running } = started;
    const id = this.nextId++;
    return new Promise((resolve) => {
      const cancel = (): void => worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
      running.set(id, {
        name,
        ctx,
        settle: (r) => {
          ctx.signal.removeEventListener('abort', cancel);
          running.delete(id);
          if (running.size === 0) worker.unref();
          resolve(r);
        },
      });
      worker.ref();
      try {
        worker.postMessage({ type: 'job', id, name, input } satisfies ToWorker);
      } catch (err) {
        // Input a thread cannot be handed (a function, a class instance): not contract input either.
        running.get(id)?.settle({ ok: false, error: { code: 'INVALID_INPUT', message: `invalid input for ${name}: ${(err as Error).message}` } });
        return;
      }
      if (ctx.signal.aborted) cancel();
      else ctx.signal.addEventListener('abort', cancel, { once: true });
    });
  }

  /** Stops the worker; jobs still running there end as cancelled. */
  close(): void {
    const s = this.current;
    this.current = null;
    if (!s) return;
    for (const job of [...s.running.values()]) job.settle({ ok: false, error: { code: 'CANCELLED', message: `${job.name} was stopped: Sightline is closing` } });
    s.answers.close();
    void s.worker.terminate();
  }

  private started(): Started {
    if (this.current) return this.current;
    const { port1: answers, port2 } = new MessageChannel();
    const answered = new SharedArrayBuffer(4);
    const data: JobWorkerData = { core: this.options.core, relayClock: this.options.env.clock !== undefined, answers: port2, answered };
    const worker = new Worker(this.options.file, { workerData: data, transferList: [port2] });
    worker.unref();
    const s: Started = { worker, answers, answered, ready: false, running: new Map() };
    worker.on('message', (m: FromWorker) => this.heard(s, m));
    worker.on('error', (err) => this.stopped(s, err.message));
    worker.on('exit', (code) => this.stopped(s, `exit code ${code}`));
    this.current = s;
    return s;
  }

  private heard(s: Started, m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        s.ready = true;
        break;
      case 'progress':
        try {
          s.running.get(m.id)?.ctx.progress(m.progress);
        } catch {
          // A caller's progress listener failing (a page gone) must not take the serving thread down; the result still comes.
        }
        break;
      case 'done':
        s.running.get(m.id)?.settle(m.result);
        break;
      case 'ask':
        answer(s.answers, s.answered, () => answerQuestion(this.options.env, m.question));
        break;
      case 'errand': {
        const job = s.running.get(m.id);
        const settle = (error?: SerializedError): void => {
          // A worker stopped meanwhile has no one to tell.
          if (this.current === s) s.worker.postMessage({ type: 'settled', errand: m.errand, ...(error ? { error } : {}) } satisfies ToWorker);
        };
        if (!job) {
          settle(serializeError(new CancelledError(`the job that sent errand ${m.errand} has ended`)));
          break;
        }
        void Promise.resolve()
          .then(() => runErrand(this.options.env, m.what, job.ctx.signal))
          .then(() => settle(), (err: unknown) => settle(serializeError(err)));
        break;
      }
    }
  }

  /**
   * The worker is gone (an uncaught error, out of memory, killed). Before it
   * was ready no job had begun: they run on the caller's thread instead.
   * After, each running job fails with a clear INTERNAL error: what it had
   * committed stays (each imported file is whole or absent), the rest was
   * rolled back when the worker's connections closed.
   */
  private stopped(s: Started, why: string): void {
    if (this.current === s) this.current = null;
    for (const job of [...s.running.values()]) {
      if (!s.ready) job.settle(UNAVAILABLE);
      else
        job.settle({
          ok: false,
          error: { code: 'INTERNAL', message: `internal error: the job worker stopped unexpectedly (${why}) while running ${job.name}; it did not finish (files are imported whole or not at all): run it again` },
        });
    }
  }
}
