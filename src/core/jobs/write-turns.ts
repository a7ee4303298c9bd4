import { takeJobLock } from '../db/job-lock.js';
import { SerialQueue } from './serial-queue.js';

export interface TurnWait {
  signal?: AbortSignal | undefined;
  /** Called while the job waits for another writer (of this process or another), about once a second, with the time waited. */
  onWait?: ((waitedMs: number) => void) | undefined;
}

/**
 * Writing jobs take turns per database: first in this process (a queue, in
 * the order they came), then across processes (the database's job lock).
 * A job that waits says so through `onWait`, can be cancelled while it
 * waits, and past `maxWaitMs` for another process gives up with BusyError.
 */
export class WriteTurns {
  private readonly queue = new SerialQueue();

  constructor(private readonly options: { maxWaitMs: number; nativeBinding?: string | undefined }) {}

  /** Runs `task` in its turn to write `database` (a file path); `what` names it in messages: `case "Lab"`. */
  run<T>(database: string, what: string, wait: TurnWait, task: () => Promise<T>): Promise<T> {
    const queuedAt = Date.now();
    const onWait = wait.onWait && ((): void => wait.onWait?.(Date.now() - queuedAt));
    return this.queue.run(
      database,
      async () => {
        const lock = await takeJobLock(database, { what, maxWaitMs: this.options.maxWaitMs, signal: wait.signal, onWait }, this.options.nativeBinding);
        try {
          return await task();
        } finally {
          lock.release();
        }
      },
      { signal: wait.signal, onWait },
    );
  }
}
