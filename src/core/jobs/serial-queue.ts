import { CancelledError } from '../errors/index.js';

const REPORT_EVERY_MS = 1000;

export interface QueueWait {
  /** A cancel while queued gives up the place at once (the task then never runs). */
  signal?: AbortSignal | undefined;
  /** Called when the task has to wait for an earlier one, then about once a second, with the time waited. */
  onWait?: ((waitedMs: number) => void) | undefined;
}

/**
 * Runs tasks one after another per key, in the order they were queued.
 * Writing jobs of one process are queued here: SQLite allows one writer, and
 * better-sqlite3's busy wait would block the whole (single-threaded) host
 * while a second job waited. Across processes, see db/job-lock.ts.
 */
export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>, wait: QueueWait = {}): Promise<T> {
    const previous = this.tails.get(key);
    const queuedAt = Date.now();
    let started = false;
    let ticker: ReturnType<typeof setInterval> | undefined;
    if (previous && wait.onWait) {
      const report = wait.onWait;
      report(0);
      ticker = setInterval(() => report(Date.now() - queuedAt), REPORT_EVERY_MS);
    }
    const cancelled = () => new CancelledError('cancelled while waiting for an earlier job on the same data to finish; nothing was changed');
    const begin = (): Promise<T> => {
      started = true;
      clearInterval(ticker);
      if (wait.signal?.aborted) return Promise.reject(cancelled());
      return task();
    };
    const next = (previous ?? Promise.resolve()).then(begin, begin);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    const signal = wait.signal;
    if (!previous || !signal) return next;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        if (started) return;
        clearInterval(ticker);
        reject(cancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      next.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}
