import type Database from 'better-sqlite3';
import zlib from 'node:zlib';

/**
 * Answers kept in the case file (`stored_answers`, one per operation): the
 * opening graph view and timeline, written by each analysis in its write
 * turn, so that a large case opens at once after a restart (at 1M
 * connections the view takes ~1 s to group, reading it back ~50 ms). The
 * row is derived data: read only while its key matches, and a row that does
 * not parse or fails its schema is skipped as if absent (the case file may
 * come from another machine), never trusted.
 */
export function readStoredAnswer<T>(db: Database.Database, op: string, key: string, parse: (value: unknown) => T | undefined): T | undefined {
  // The key in the query: a view asked under other filters never reads the stored body (a few MB) to throw it away.
  const row = db.prepare('SELECT body FROM stored_answers WHERE op = ? AND key = ?').get(op, key) as { body: Buffer } | undefined;
  if (!row) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(zlib.gunzipSync(row.body, { maxOutputLength: MAX_ANSWER_BYTES }).toString('utf8'));
  } catch {
    return undefined;
  }
  return parse(value);
}

export function storeAnswer(db: Database.Database, op: string, key: string, value: unknown): void {
  const body = zlib.gzipSync(JSON.stringify(value), { level: 1 });
  db.prepare('INSERT OR REPLACE INTO stored_answers (op, key, made_at, body) VALUES (?, ?, ?, ?)').run(op, key, new Date().toISOString(), body);
}

/** Far above any answer the view's budgets allow (30k edges, a few MB): a bigger body is not ours. */
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;
