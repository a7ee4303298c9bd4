import type Database from 'better-sqlite3';
import { SchemaVersionError } from '../errors/index.js';

export interface Migration {
  /** Written to PRAGMA user_version once applied; strictly increasing, starting at 1. */
  version: number;
  description: string;
  up: (db: Database.Database) => void;
}

/** How long opening waits for another process migrating the same file. */
const MIGRATION_WAIT_MS = 60_000;

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Brings a database to the newest schema, one migration per transaction.
 * A database written by a newer Sightline is refused before anything is
 * written to it (not even the journal mode), so a downgrade never damages it.
 *
 * Several processes may open a fresh file at once (the CLI and the app
 * sharing a data home): each migration takes the write lock first (BEGIN
 * IMMEDIATE, waiting out the connection's busy timeout) and reads the
 * version again under it, so exactly one of them applies it and the others
 * find it done. A crash mid-migration rolls that migration back whole.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], label: string): { from: number; to: number } {
  const latest = latestVersion(migrations);
  const from = readVersion(db);
  refuseNewer(db, from, latest, label);
  if (from === latest) return { from, to: latest };
  // Another process's migration of a big case can take longer than the connection's usual wait;
  // opening blocks its caller anyway until the schema is current.
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${MIGRATION_WAIT_MS}`);
  try {
    for (const m of migrations) {
      if (m.version <= from) continue;
      db.transaction(() => {
        const current = readVersion(db);
        refuseNewer(db, current, latest, label);
        if (current >= m.version) return;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  return { from, to: latest };
}

/** Throws before anything is written when `version` is newer than this Sightline reads. */
export function refuseNewer(db: Database.Database, version: number, latest: number, label: string): void {
  if (version > latest) {
    throw new SchemaVersionError(
      `${label} was written by a newer version of Sightline (schema ${version}; this version reads up to ${latest}). ` +
        'It was left unchanged: open it with a newer Sightline.',
      { file: db.name },
    );
  }
}

export function readVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
