import type Database from 'better-sqlite3';
import { SchemaVersionError } from '../errors/index.js';

export interface Migration {
  /** Written to PRAGMA user_version once applied; strictly increasing, starting at 1. */
  version: number;
  description: string;
  up: (db: Database.Database) => void;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Brings a database to the newest schema, one migration per transaction.
 * A database written by a newer Sightline is refused before anything is
 * written to it (not even the journal mode), so a downgrade never damages it.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], label: string): { from: number; to: number } {
  const latest = latestVersion(migrations);
  const current = readVersion(db);
  if (current > latest) {
    throw new SchemaVersionError(
      `${label} was written by a newer version of Sightline (schema ${current}; this version reads up to ${latest}). ` +
        'It was left unchanged: open it with a newer Sightline.',
      { file: db.name },
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from: current, to: latest };
}

export function readVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
