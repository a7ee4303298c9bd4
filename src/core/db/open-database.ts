import fs from 'node:fs';
import Database from 'better-sqlite3';
import { DatabaseCorruptError, DatabaseLockedError, FileUnreadableError } from '../errors/index.js';
import { ensurePrivateFile } from '../home/owner-only.js';
import { latestVersion, migrate, readVersion, refuseNewer, type Migration } from './migrate.js';
import { isBusy } from './write-lock.js';

export interface OpenOptions {
  /**
   * Path of a better_sqlite3.node built for the running ABI. The desktop app
   * passes the Electron build here; Node (CLI, tests, browser host) leaves it
   * unset and gets the copy npm built for Node.
   */
  nativeBinding?: string;
  readonly?: boolean;
  /** Refuse to create the file. */
  mustExist?: boolean;
}

/**
 * Opens a SQLite file, checks it is ours and current, and sets the pragmas
 * every connection needs. Failures become typed errors naming the file.
 */
export function openDatabase(file: string, migrations: readonly Migration[], label: string, options: OpenOptions = {}): Database.Database {
  if (options.mustExist && !fs.existsSync(file)) {
    throw new FileUnreadableError(`${label} does not exist`, { file });
  }
  if (!options.readonly && !options.mustExist) ensurePrivateFile(file);
  let db: Database.Database;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.mustExist ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw translateOpenError(err, file, label);
  }
  try {
    // Fail fast and clearly on a file that is not a database before touching it.
    db.pragma('schema_version', { simple: true });
    // A short wait covers a CLI import committing while the app reads; longer
    // would freeze the (synchronous) caller, so past it the user gets a message.
    db.pragma('busy_timeout = 2000');
    if (!options.readonly) {
      // Refused before the journal mode below writes to the file.
      refuseNewer(db, readVersion(db), latestVersion(migrations), label);
      // A new file gets 16 KB pages: bulk imports and index builds are ~15% faster and commits
      // ~40% faster than with 4 KB (measured on 1M flows). Only possible before the first table
      // exists and WAL is on; an existing file keeps its page size.
      if (db.pragma('page_count', { simple: true }) === 0) db.pragma('page_size = 16384');
      // WAL before the first migration: migrations then run under WAL's locking like every
      // later write, and a second process opening the same fresh file waits for the first.
      enterWal(db);
      // Before the migrations too: in WAL it spares every commit its fsync.
      db.pragma('synchronous = NORMAL');
      migrate(db, migrations, label);
      db.pragma('foreign_keys = ON');
    }
    return db;
  } catch (err) {
    db.close();
    throw translateOpenError(err, file, label);
  }
}

/** How long opening retries the switch to WAL while another process switches the same fresh file. */
const WAL_SWITCH_WAIT_MS = 10_000;
const WAL_SWITCH_RETRY_MS = 10;

/**
 * Switches a connection to WAL. On a fresh file another process may be doing
 * the same at this moment, and SQLite's switch fails at once with
 * SQLITE_BUSY rather than waiting (it upgrades a read lock, which skips the
 * busy handler), so it is retried; on a file already in WAL it is a no-op.
 */
function enterWal(db: Database.Database): void {
  const deadline = Date.now() + WAL_SWITCH_WAIT_MS;
  for (;;) {
    try {
      if (db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (err) {
      if (!isBusy(err)) throw err;
    }
    if (Date.now() > deadline) throw Object.assign(new Error('could not switch to WAL: another process holds the file'), { code: 'SQLITE_BUSY' });
    // Opening is synchronous (constructors call it): a short synchronous pause.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, WAL_SWITCH_RETRY_MS);
  }
}

function translateOpenError(err: unknown, file: string, label: string): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseCorruptError(`${label} is damaged or is not a Sightline database`, { file }, { cause: err });
  }
  if (isBusy(err)) {
    return new DatabaseLockedError(`${label} is locked by another process; close the other Sightline window or command and try again`, { file }, { cause: err });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new FileUnreadableError(`${label} cannot be opened (${code})`, { file }, { cause: err });
  }
  return err;
}
