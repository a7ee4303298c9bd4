import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { CallEnv } from '../engine-core.js';
import { deserializeError, serializeError } from '../errors/index.js';
import type { SyncClock } from '../intel/intel-handlers.js';
import type { PdfPrinter } from '../report/pdf-printer.js';
import type { Answer, Errand, FromWorker, Question } from './job-protocol.js';

/**
 * The job worker's line to the serving thread. The grants, the X token, the
 * decay model and a test clock have one owner, the serving engine; a job in
 * the worker asks for them when its handler needs them. The handlers' calls
 * are synchronous (`files.read(id)`), so is the question: the worker posts it
 * and sleeps on a shared flag (Atomics.wait) until the serving thread has put
 * the answer on a port of its own and set the flag. Only the worker waits;
 * the serving thread answers from its event loop like any message.
 */
export class ServingLine {
  private readonly flag: Int32Array;

  constructor(
    private readonly post: (m: FromWorker) => void,
    private readonly answers: MessagePort,
    answered: SharedArrayBuffer,
  ) {
    this.flag = new Int32Array(answered);
  }

  ask<T>(question: Question): T {
    Atomics.store(this.flag, 0, 0);
    this.post({ type: 'ask', question });
    Atomics.wait(this.flag, 0, 0);
    const reply = receiveMessageOnPort(this.answers);
    if (!reply) throw new Error('the serving thread woke the job worker without an answer');
    const answer = reply.message as Answer;
    if (!answer.ok) throw deserializeError(answer.error);
    return answer.value as T;
  }

  /**
   * The worker's CallEnv: the serving thread's, asked for. `clock` is the
   * serving thread's test clock when it has one (its sleeps are waited for
   * there, with the job's cancel), else none (the real clock); `printPdf`
   * has the serving thread print (an errand).
   */
  env(options: { clock: { sleep(ms: number, signal: AbortSignal): Promise<void> } | undefined; printPdf: PdfPrinter }): CallEnv {
    const files = (method: 'read' | 'write' | 'consumed' | 'release', fileId: string) => this.ask<never>({ kind: 'files', method, fileId });
    const clock: SyncClock | undefined = options.clock && { now: () => this.ask<number>({ kind: 'now' }), sleep: options.clock.sleep };
    return {
      files: {
        read: (fileId) => files('read', fileId),
        write: (fileId) => files('write', fileId),
        consumed: (fileId) => files('consumed', fileId),
        release: (fileId) => files('release', fileId),
        newDownload: (name) => this.ask({ kind: 'files', method: 'newDownload', name }),
      },
      tokens: {
        get: () => this.ask<string | null>({ kind: 'token' }),
        set: () => notInJobWorker('storing the X token'),
        where: 'the serving thread',
      },
      decay: { get: () => this.ask({ kind: 'decay' }), set: () => notInJobWorker('changing the decay model') },
      clock,
      importDemo: () => notInJobWorker('building the demo case'),
      cancelJob: () => notInJobWorker('cancelling a job by id'),
      printPdf: options.printPdf,
      closeCase: (caseId) => this.ask<void>({ kind: 'closeCase', caseId }),
    };
  }
}

/** The serving thread's answer to a question, from its own CallEnv. */
export function answerQuestion(env: CallEnv, q: Question): unknown {
  switch (q.kind) {
    case 'files':
      return q.method === 'newDownload' ? env.files.newDownload(q.name) : env.files[q.method](q.fileId);
    case 'token':
      return env.tokens.get();
    case 'decay':
      return env.decay.get();
    case 'closeCase':
      return env.closeCase(q.caseId);
    case 'now':
      if (!env.clock) throw new Error('the serving engine has no test clock to ask');
      return env.clock.now();
  }
}

/**
 * Runs a job's errand on the serving thread with the job's cancel: a test
 * clock's sleep (which ends early on cancel and never fails), or the host's
 * PDF printer.
 */
export async function runErrand(env: CallEnv, what: Errand, signal: AbortSignal): Promise<void> {
  switch (what.kind) {
    case 'sleep':
      if (!env.clock) throw new Error('the serving engine has no test clock to sleep on');
      await env.clock.sleep(what.ms, signal).catch(() => undefined);
      return;
    case 'print':
      return env.printPdf(what.page, what.pdf, { signal, timeoutMs: what.timeoutMs });
  }
}

/** Puts the answer (or the error, kept whole) where the waiting worker reads it, then wakes it. */
export function answer(answers: MessagePort, answered: SharedArrayBuffer, compute: () => unknown): void {
  let a: Answer;
  try {
    a = { ok: true, value: compute() };
  } catch (err) {
    a = { ok: false, error: serializeError(err) };
  }
  try {
    answers.postMessage(a);
  } catch (err) {
    answers.postMessage({ ok: false, error: serializeError(err) } satisfies Answer);
  }
  const flag = new Int32Array(answered);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** What the serving thread does itself: asked of the job worker, a bug, said plainly. */
function notInJobWorker(what: string): never {
  throw new Error(`${what} is done by the serving thread, not the job worker`);
}
