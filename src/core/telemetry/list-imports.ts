import type Database from 'better-sqlite3';
import type { ImportRecord } from '../../shared/types.js';

/** The case's imported files, oldest first: name, format, SHA-256, size and what each gave (listImports, reports' appendix). */
export function listImports(db: Database.Database): ImportRecord[] {
  return db
    .prepare(
      `SELECT id, file_name AS file, format, sha256, bytes, events, processes, dns, alerts, file_creations AS fileCreations, ignored, quarantined, imported_at AS importedAt
       FROM imports ORDER BY id`,
    )
    .all() as ImportRecord[];
}
