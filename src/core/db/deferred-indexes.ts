import type Database from 'better-sqlite3';
import { withSortPragmas } from './sort-pragmas.js';

/**
 * Indexes of rows a load does not write (events_peer: joined events, which the
 * join marks after the load): they cost the load nothing, while a rebuild
 * would read the whole table. events_src_claims is partial too, but a Sysmon
 * load writes its rows.
 */
const KEPT_DURING_LOADS: ReadonlySet<string> = new Set(['events_peer']);

/**
 * Drops a table's secondary indexes and returns the SQL to build them again.
 * A bulk load into an unindexed table and one index build afterwards is
 * about twice as fast as keeping the indexes current row by row. Both calls
 * belong inside the load's transaction: a rollback brings the indexes back.
 */
export function dropIndexes(db: Database.Database, table: string): string[] {
  const indexes = (
    db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(table) as { name: string; sql: string }[]
  ).filter((i) => !KEPT_DURING_LOADS.has(i.name));
  for (const i of indexes) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return indexes.map((i) => i.sql);
}

/** Builds the indexes dropIndexes returned, with the sort settings that make that fastest. */
export function createIndexes(db: Database.Database, sqls: readonly string[]): void {
  if (sqls.length === 0) return;
  withSortPragmas(db, () => {
    for (const sql of sqls) db.exec(sql);
  });
}
