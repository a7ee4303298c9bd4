import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { Engine, type EngineOptions } from '../../src/core/engine.js';
import { RemoteError } from '../../src/shared/error-payload.js';
import { TempDirs } from './temp-dirs.js';

/**
 * Engines over fresh temp data homes. `close()` (from afterEach) closes every
 * engine it made, then removes the folders.
 */
export class EngineHarness {
  readonly tmp = new TempDirs();
  private readonly engines: Engine[] = [];

  /**
   * A new engine; a fresh home unless one is given. No demo case unless resourcesDir is passed.
   * Heavy operations run on the test's thread (the .ts sources have no job worker beside them), or
   * with SIGHTLINE_TEST_JOB_WORKER=path/to/job-worker.js (a built bundle) in that worker.
   */
  engine(options: EngineOptions = {}): Engine {
    const worker = process.env['SIGHTLINE_TEST_JOB_WORKER'];
    const jobWorkerFile = worker ? { jobWorkerFile: pathToFileURL(path.resolve(worker)) } : {};
    const engine = new Engine({ noDemo: options.resourcesDir === undefined, ...jobWorkerFile, ...options, home: options.home ?? this.tmp.make('sightline-home-') });
    this.engines.push(engine);
    return engine;
  }

  /** Closes one engine early (to reopen its home). */
  closeEngine(engine: Engine): void {
    const i = this.engines.indexOf(engine);
    if (i !== -1) this.engines.splice(i, 1);
    engine.close();
  }

  close(): void {
    for (const e of this.engines.splice(0)) e.close();
    this.tmp.cleanup();
  }
}

/** The case's SQLite file in a data home. */
export function caseFile(engine: Engine, caseId: string): string {
  return path.join(engine.layout.casesDir, `${caseId}.sqlite`);
}

/** Runs `fn` on a read-only connection to a case file of its own, so the engine's code is not what reads. */
export function withCaseDb<T>(engine: Engine, caseId: string, fn: (db: Database.Database) => T): T {
  const db = new Database(caseFile(engine, caseId), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function countRows(engine: Engine, caseId: string, table: 'events' | 'processes' | 'imports'): number {
  return withCaseDb(engine, caseId, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
}

/** Awaits a call expected to fail, and returns its RemoteError. */
export async function remoteError(p: Promise<unknown>): Promise<RemoteError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RemoteError) return err;
    throw err;
  }
  throw new Error('expected the call to fail, it succeeded');
}
