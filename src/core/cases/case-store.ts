import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { sameCaseName } from '../../shared/case-name.js';
import type { CaseSummary } from '../../shared/types.js';
import { caseMigrations, latestVersion, openDatabase, readVersion, type OpenOptions } from '../db/index.js';
import { InvalidInputError, NotFoundError, SightlineError, toErrorPayload } from '../errors/index.js';
import { slugify } from './slugify.js';
import { publishCaseFile, removeStagedCaseFile, stagedCaseFile, sweepStaleStagedFiles } from './staged-case-file.js';

const CASE_FILE = /^([a-z0-9][a-z0-9-]{0,63})\.sqlite$/;

/**
 * The cases of a data home: one SQLite file each under `cases/`. Keeps one
 * reader/writer connection per open case; imports get their own connection
 * (see `openImportConnection`) so a long import transaction never hides
 * committed data from the UI's queries.
 */
export class CaseStore {
  /** Open connections with the file (inode) each was opened on. */
  private readonly handles = new Map<string, { db: Database.Database; ino: number }>();

  constructor(
    private readonly casesDir: string,
    private readonly openOptions: OpenOptions = {},
  ) {
    fs.mkdirSync(casesDir, { recursive: true });
  }

  fileOf(id: string): string {
    return path.join(this.casesDir, `${id}.sqlite`);
  }

  exists(id: string): boolean {
    return fs.existsSync(this.fileOf(id));
  }

  list(): CaseSummary[] {
    const ids = fs
      .readdirSync(this.casesDir)
      .map((f) => CASE_FILE.exec(f)?.[1])
      .filter((id): id is string => id !== undefined);
    const summaries = ids.map((id) => this.listedSummary(id));
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  /**
   * A new, empty case. Names are unique regardless of letter case; the id is
   * the name's slug, numbered when another case has that slug. Safe when
   * several processes create cases at once: the file appears whole or not at
   * all, and of two processes creating the same name one gets the case and
   * the other "already exists".
   */
  create(name: string): CaseSummary {
    if (this.named(name)) throw caseExists(name);
    sweepStaleStagedFiles(this.casesDir);
    const staged = stagedCaseFile(this.casesDir);
    try {
      this.writeNewCase(staged, name);
      const base = slugify(name);
      for (let n = 1; ; n++) {
        const id = n === 1 ? base : `${base.slice(0, 60)}-${n}`;
        if (publishCaseFile(staged, this.fileOf(id))) return this.summary(id);
        // Taken: by another case, or a moment ago by another process creating this one.
        if (sameCaseName(this.listedSummary(id).name, name)) throw caseExists(name);
      }
    } finally {
      removeStagedCaseFile(staged);
    }
  }

  /** The case of that name, created when there is none; processes asking at once all get the same one. */
  openOrCreate(name: string): CaseSummary {
    const found = this.named(name);
    if (found) return found;
    try {
      return this.create(name);
    } catch (err) {
      const now = this.named(name);
      if (now) return now;
      throw err;
    }
  }

  /** The readable case of that name (letter case aside), if any. */
  named(name: string): CaseSummary | undefined {
    return this.list().find((c) => !c.problem && sameCaseName(c.name, name));
  }

  /** Schema and name in a file nobody else knows of yet, closed, so it can be put in place whole. */
  private writeNewCase(file: string, name: string): void {
    const db = openDatabase(file, caseMigrations, `case "${name}"`, this.openOptions);
    try {
      const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        put.run('name', name);
        put.run('created_at', new Date().toISOString());
      })();
    } finally {
      // The last connection to close folds the WAL into the file: what is published is the file alone.
      db.close();
    }
  }

  /** The shared connection of a case, migrated to the current schema. */
  open(id: string): Database.Database {
    const cached = this.current(id);
    if (cached) return cached;
    const ino = inodeOf(this.fileOf(id));
    if (ino === null) throw new NotFoundError(`no case with id "${id}"`, { field: 'caseId' });
    const db = openDatabase(this.fileOf(id), caseMigrations, `case "${id}"`, { ...this.openOptions, mustExist: true });
    this.handles.set(id, { db, ino });
    return db;
  }

  /** A second connection for one import; the caller closes it. */
  openImportConnection(id: string): Database.Database {
    this.open(id);
    const db = openDatabase(this.fileOf(id), caseMigrations, `case "${id}"`, { ...this.openOptions, mustExist: true });
    // The importer writes import_id itself, inside the same transaction as its
    // imports row: checking the reference on each of millions of rows buys nothing.
    db.pragma('foreign_keys = OFF');
    return db;
  }

  summary(id: string): CaseSummary {
    return readSummary(id, this.open(id));
  }

  /** Closes the shared connection of one case, if open (before the case file is removed). */
  closeOne(id: string): void {
    this.handles.get(id)?.db.close();
    this.handles.delete(id);
  }

  close(): void {
    for (const { db } of this.handles.values()) db.close();
    this.handles.clear();
  }

  /**
   * The open connection of a case whose file is still the one it opened: a
   * case deleted by another process (`sightline cases delete` while the app
   * shows it), or deleted and created again, is not read or written through
   * a connection to the removed file (a stat, a few microseconds).
   */
  private current(id: string): Database.Database | undefined {
    const open = this.handles.get(id);
    if (!open) return undefined;
    if (inodeOf(this.fileOf(id)) === open.ino) return open.db;
    this.closeOne(id);
    return undefined;
  }

  /** For the list: never migrates or writes; a case that cannot be read is listed with its problem. */
  private listedSummary(id: string): CaseSummary {
    const open = this.current(id);
    if (open) return readSummary(id, open);
    let db: Database.Database | undefined;
    try {
      db = openDatabase(this.fileOf(id), caseMigrations, `case "${id}"`, { ...this.openOptions, readonly: true, mustExist: true });
      const version = readVersion(db);
      if (version > latestVersion(caseMigrations)) {
        return { id, name: id, createdAt: '', eventCount: 0, importCount: 0, problem: `written by a newer Sightline (schema ${version})` };
      }
      return readSummary(id, db);
    } catch (err) {
      const payload = err instanceof SightlineError ? err.toPayload() : toErrorPayload(err);
      return { id, name: id, createdAt: '', eventCount: 0, importCount: 0, problem: payload.message };
    } finally {
      db?.close();
    }
  }
}

function inodeOf(file: string): number | null {
  return fs.statSync(file, { throwIfNoEntry: false })?.ino ?? null;
}

function caseExists(name: string): SightlineError {
  return new InvalidInputError(`a case named "${name}" already exists`, { field: 'name' });
}

function readSummary(id: string, db: Database.Database): CaseSummary {
  const row = db
    .prepare(
      `SELECT (SELECT value FROM meta WHERE key = 'name') AS name,
              (SELECT value FROM meta WHERE key = 'created_at') AS createdAt,
              (SELECT CAST(TOTAL(events) AS INTEGER) FROM imports) AS eventCount,
              (SELECT COUNT(*) FROM imports) AS importCount`,
    )
    .get() as { name: string | null; createdAt: string | null; eventCount: number; importCount: number };
  return { id, name: row.name ?? id, createdAt: row.createdAt ?? '', eventCount: row.eventCount, importCount: row.importCount };
}
