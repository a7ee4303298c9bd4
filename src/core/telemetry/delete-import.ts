import type Database from 'better-sqlite3';
import { clockCorrectionKey } from './clock-skew.js';
import { refreshEdges } from './edge-refresh.js';

/**
 * Removes one import from a case: its events, process creations, file
 * creations, DNS answers, alerts and quarantined records, in one transaction. Connections of other
 * imports that were joined with its events lose the link (and an endpoint
 * event the bytes it had only from the removed flow), and every edge total
 * it touched is recomputed. Run the join again afterwards: flows that lost
 * their endpoint event may pair with another, and sensor hosts are named
 * from the endpoint events that remain. Returns false when there is no such import.
 */
export function deleteImport(db: Database.Database, importId: number): { deleted: boolean; events: number } {
  const exists = db.prepare('SELECT events, format FROM imports WHERE id = ?').get(importId) as { events: number; format: string } | undefined;
  if (!exists) return { deleted: false, events: 0 };
  const endpoint = exists.format.startsWith('sysmon-') || exists.format === 'csv-mapped';
  let events = 0;
  db.transaction(() => {
    db.exec('DROP TABLE IF EXISTS temp.deleted_keys');
    db.exec('CREATE TEMP TABLE deleted_keys (host TEXT NOT NULL, image TEXT NOT NULL, dst_ip TEXT NOT NULL, PRIMARY KEY (host, image, dst_ip)) WITHOUT ROWID');
    // The edges of the removed events, and of the events joined with them (their totals change too).
    db.prepare(`INSERT OR IGNORE INTO deleted_keys SELECT DISTINCT host, COALESCE(image, ''), dst_ip FROM events WHERE import_id = ?`).run(importId);
    db.prepare(
      `INSERT OR IGNORE INTO deleted_keys SELECT DISTINCT p.host, COALESCE(p.image, ''), p.dst_ip
       FROM events e JOIN events p ON p.id = e.peer_id WHERE e.import_id = ? AND p.import_id <> ?`,
    ).run(importId, importId);
    // Sysmon has no byte counts of its own: what its events carry came from the flow being removed.
    db.prepare(
      `UPDATE events SET bytes_out = NULL, bytes_in = NULL, pkts_out = NULL, pkts_in = NULL, duration = NULL
       WHERE id IN (SELECT p.id FROM events e JOIN events p ON p.id = e.peer_id WHERE e.import_id = ? AND p.import_id <> ?)
         AND image IS NOT NULL AND import_id IN (SELECT id FROM imports WHERE format LIKE 'sysmon-%')`,
    ).run(importId, importId);
    db.prepare('UPDATE events SET peer_id = NULL WHERE peer_id IN (SELECT id FROM events WHERE import_id = ?) AND import_id <> ?').run(importId, importId);
    events = db.prepare('DELETE FROM events WHERE import_id = ?').run(importId).changes;
    if (endpoint) {
      // Flows named after an endpoint host (name-flow-hosts.ts) go back to their address; the caller
      // names them again from the endpoint events that remain. A sensor's host is always its source address.
      const renamed = `image IS NULL AND host <> src_ip AND import_id IN (SELECT id FROM imports WHERE format NOT LIKE 'sysmon-%' AND format <> 'csv-mapped')`;
      db.exec(`INSERT OR IGNORE INTO deleted_keys SELECT DISTINCT host, '', dst_ip FROM events WHERE ${renamed}`);
      db.exec(`INSERT OR IGNORE INTO deleted_keys SELECT DISTINCT src_ip, '', dst_ip FROM events WHERE ${renamed}`);
      db.exec(`UPDATE events SET host = src_ip WHERE ${renamed}`);
    }
    for (const table of ['processes', 'file_creations', 'dns_answers', 'alerts', 'quarantine']) db.prepare(`DELETE FROM ${table} WHERE import_id = ?`).run(importId);
    db.prepare('DELETE FROM meta WHERE key = ?').run(clockCorrectionKey(importId));
    db.prepare('DELETE FROM imports WHERE id = ?').run(importId);
    refreshEdges(db, 'temp.deleted_keys');
    db.exec('DROP TABLE temp.deleted_keys');
  })();
  return { deleted: true, events };
}
