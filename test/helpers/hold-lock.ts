import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

export interface HeldLock {
  /** Ends the other process's transaction (it rolls back) and waits for the process to exit. */
  release(): Promise<void>;
}

/**
 * Another process holding a SQLite file's write lock (BEGIN IMMEDIATE) until
 * released: what another Sightline does mid-write. Resolves once it holds it.
 * A job lock file (db/job-lock.ts) is held with its journal in memory, as Sightline holds it.
 * With `releaseAfterMs` it lets go by itself: for callers that block their own thread while waiting.
 */
export function holdInOtherProcess(file: string, options: { journalInMemory?: boolean; releaseAfterMs?: number } = {}): Promise<HeldLock> {
  const script = `
    const Database = require(${JSON.stringify(betterSqlite3)});
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 10000');
    if (process.argv[2] === 'memory') db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('held\\n');
    const release = () => { db.exec('ROLLBACK'); db.close(); process.exit(0); };
    process.stdin.on('data', () => {});
    process.stdin.on('end', release);
    if (Number(process.argv[3]) > 0) setTimeout(release, Number(process.argv[3]));
  `;
  const child = spawn(process.execPath, ['-e', script, file, options.journalInMemory ? 'memory' : 'file', String(options.releaseAfterMs ?? 0)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('held')) resolve({ release: async () => (child.stdin.end(), exited) });
    });
    void exited.then(() => reject(new Error(`the process holding ${file} exited before taking the lock`)));
  });
}
