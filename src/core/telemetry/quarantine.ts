import type Database from 'better-sqlite3';
import type { QuarantineRow } from '../../shared/types.js';

/** The records of a case (or of one import) that could not be read, in file and line order. */
export function listQuarantine(
  db: Database.Database,
  q: { importId?: number | undefined; offset: number; limit: number },
): { total: number; rows: QuarantineRow[] } {
  const where = q.importId === undefined ? '' : 'WHERE q.import_id = ?';
  const params = q.importId === undefined ? [] : [q.importId];
  // The kept rows may be fewer than the count (only the first 100,000 per file are kept verbatim).
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM quarantine q ${where}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT q.id, q.import_id AS importId, i.file_name AS file, q.line, q.field, q.reason, q.raw
       FROM quarantine q JOIN imports i ON i.id = q.import_id ${where}
       ORDER BY q.import_id, q.line, q.id LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset) as QuarantineRow[];
  return { total, rows };
}
