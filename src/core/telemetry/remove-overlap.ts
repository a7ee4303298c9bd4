import type Database from 'better-sqlite3';
import { refreshEdges } from './edge-refresh.js';

/**
 * Exports overlap: Monday's and Tuesday's Sysmon export both hold Monday
 * night, a Zeek log is exported once whole and once per hour. Connection
 * events of this import (rows after `lastIdBefore`) that repeat an event
 * already in the case — same time, host, process, pid, protocol, addresses,
 * ports and sensor uid — are removed again, and the edge totals they touched
 * are recomputed. Runs inside the import's transaction, after the indexes
 * exist (it probes `events_ts`). Returns how many were removed.
 */
export function removeOverlap(db: Database.Database, lastIdBefore: number): number {
  if (lastIdBefore === 0) return 0;
  const range = db.prepare('SELECT MIN(ts) AS first, MAX(ts) AS last FROM events WHERE id > ?').get(lastIdBefore) as { first: number | null; last: number | null };
  if (range.first === null || range.last === null) return 0;
  // Most imports do not overlap in time at all: one indexed probe says so.
  const overlaps = db.prepare('SELECT 1 FROM events WHERE ts BETWEEN ? AND ? AND id <= ? LIMIT 1').get(range.first, range.last, lastIdBefore);
  if (!overlaps) return 0;

  db.exec('DROP TABLE IF EXISTS temp.overlap');
  db.prepare(
    `CREATE TEMP TABLE overlap AS
     SELECT n.id, n.host, COALESCE(n.image, '') AS image, n.dst_ip FROM events n
     WHERE n.id > ? AND EXISTS (
       SELECT 1 FROM events o WHERE o.ts = n.ts AND o.id <= ? AND o.host = n.host AND o.src_ip = n.src_ip AND o.dst_ip = n.dst_ip
         AND o.src_port IS n.src_port AND o.dst_port IS n.dst_port AND o.proto IS n.proto AND o.image IS n.image
         AND o.pid IS n.pid AND o.uid IS n.uid)`,
  ).run(lastIdBefore, lastIdBefore);
  const removed = (db.prepare('SELECT COUNT(*) AS n FROM temp.overlap').get() as { n: number }).n;
  if (removed > 0) {
    db.exec(`
      DELETE FROM events WHERE id IN (SELECT id FROM temp.overlap);
      CREATE TEMP TABLE overlap_keys AS SELECT DISTINCT host, image, dst_ip FROM temp.overlap;
    `);
    refreshEdges(db, 'temp.overlap_keys');
    db.exec(`
      DROP TABLE temp.overlap_keys;
    `);
  }
  db.exec('DROP TABLE temp.overlap');
  return removed;
}
