import Database from 'better-sqlite3';
import { ensurePrivateFile } from '../home/owner-only.js';
import { beginWrite, type WriteWait } from './write-lock.js';

export interface JobLock {
  release(): void;
}

/** The lock file beside a database: `cases/lab.sqlite.lock`, `intel.sqlite.lock`. */
export function jobLockFile(database: string): string {
  return `${database}.lock`;
}

/**
 * One writing job (an import, a sync, a removal) per database at a time,
 * across processes: the CLI, the desktop app and `sightline serve` share a
 * data home. A job commits many transactions (one per file, then the join),
 * so SQLite's own write lock, held one transaction at a time, would let two
 * jobs interleave and make each wait on every commit of the other; this
 * lock is held from the job's start to its end instead.
 *
 * It is SQLite's file lock (BEGIN IMMEDIATE) on an empty side file, so it
 * behaves the same on every platform SQLite runs on and needs no stale-lock
 * rule: the operating system drops it when its holder exits or is killed.
 * The file stays (empty); deleting it while a job holds it would let a
 * second job in.
 */
export async function takeJobLock(database: string, wait: WriteWait, nativeBinding?: string): Promise<JobLock> {
  const file = jobLockFile(database);
  ensurePrivateFile(file);
  const lock = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    // Nothing is ever written: a journal in memory means no journal file beside it, ever.
    lock.pragma('journal_mode = MEMORY');
    await beginWrite(lock, { file: database, ...wait });
  } catch (err) {
    lock.close();
    throw err;
  }
  return {
    release: () => {
      if (lock.inTransaction) lock.exec('ROLLBACK');
      lock.close();
    },
  };
}
