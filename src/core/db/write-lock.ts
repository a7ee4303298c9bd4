import type Database from 'better-sqlite3';
import { BusyError, CancelledError } from '../errors/index.js';

/** How long a writer waits for another by default: longer than a big import takes, short enough to notice a stuck one. */
export const DEFAULT_WRITE_WAIT_MS = 15 * 60_000;

/** Waits shorter than this are not reported: two commits brushing past each other are not worth a message. */
const REPORT_AFTER_MS = 200;
const REPORT_EVERY_MS = 1000;
const FIRST_RETRY_MS = 20;
const LONGEST_RETRY_MS = 250;

export interface WriteWait {
  /** What is written, as the busy error names it: `case "Lab"`, `the home database (intel.sqlite)`. */
  what: string;
  /** The database file the busy error names; default the connection's own. */
  file?: string | undefined;
  /** Give up with BusyError after this long (0: do not wait at all). */
  maxWaitMs: number;
  signal?: AbortSignal | undefined;
  /** Called about once a second while waiting, with the time waited so far. */
  onWait?: ((waitedMs: number) => void) | undefined;
}

/** SQLite's "another connection holds the lock", in any of its extended forms (BUSY_SNAPSHOT, BUSY_RECOVERY, LOCKED_SHAREDCACHE...). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Takes the database's write lock (BEGIN IMMEDIATE) without blocking the
 * thread: SQLite's own busy wait is synchronous, so it would freeze the
 * browser host and let no Ctrl-C through. Each attempt fails at once when
 * another connection (this process or another) writes; the wait between
 * attempts is a timer. SQLite's lock is the one that counts across
 * processes, and the operating system drops it when its holder dies, so no
 * lock file can go stale.
 */
export async function beginWrite(db: Database.Database, wait: WriteWait): Promise<void> {
  const started = Date.now();
  let reported = 0;
  for (let retry = FIRST_RETRY_MS; ; retry = Math.min(retry * 2, LONGEST_RETRY_MS)) {
    if (wait.signal?.aborted) throw new CancelledError(`cancelled while waiting to write to ${wait.what}; nothing was changed`);
    if (tryBegin(db)) return;
    const waited = Date.now() - started;
    if (waited >= wait.maxWaitMs) {
      throw new BusyError(
        `${wait.what} is busy: another Sightline window or command has been writing to it for over ${Math.round(waited / 1000)} s; ` +
          'try again when it has finished',
        { file: wait.file ?? db.name },
      );
    }
    if (waited >= REPORT_AFTER_MS && (reported === 0 || waited - reported >= REPORT_EVERY_MS)) {
      reported = waited;
      wait.onWait?.(waited);
    }
    await sleep(Math.min(retry, wait.maxWaitMs - waited), wait.signal);
  }
}

/** Runs `fn` in a write transaction taken with beginWrite; commits, or rolls back when it throws. */
export async function withWrite<T>(db: Database.Database, wait: WriteWait, fn: () => T): Promise<T> {
  await beginWrite(db, wait);
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

/** Runs `fn` in a write transaction if the lock is free right now; false (nothing done) when another writer has it. */
export function tryWrite(db: Database.Database, fn: () => void): boolean {
  if (!tryBegin(db)) return false;
  try {
    fn();
    db.exec('COMMIT');
    return true;
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

function tryBegin(db: Database.Database): boolean {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (err) {
    if (isBusy(err)) return false;
    throw err;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}
