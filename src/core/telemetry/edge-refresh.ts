import type Database from 'better-sqlite3';
import { registerMergePorts } from './edge-aggregator.js';

/** Events the graph counts: all but flows joined to an endpoint event (that event stands for the connection). */
export const COUNTED_IN_GRAPH = 'NOT (image IS NULL AND peer_id IS NOT NULL)';

/** COUNTED_IN_GRAPH with its columns qualified by a table alias. */
export function countedInGraph(alias: string): string {
  return COUNTED_IN_GRAPH.replace(/\b(image|peer_id)\b/g, `${alias}.$1`);
}

/**
 * Recomputes `edge_stats` rows from the events for the keys listed in
 * `keysTable` (columns host, image ('' for none), dst_ip): what the join and
 * the overlap removal call after changing events that were already summed.
 */
export function refreshEdges(db: Database.Database, keysTable: string): void {
  registerMergePorts(db);
  db.exec(`
    DELETE FROM edge_stats WHERE (host, image, dst_ip) IN (SELECT host, image, dst_ip FROM ${keysTable});
    INSERT INTO edge_stats (host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports)
    SELECT e.host, COALESCE(e.image, ''), e.dst_ip, COUNT(*), TOTAL(e.bytes_out), TOTAL(e.bytes_in), MIN(e.ts), MAX(e.ts),
           merge_ports(GROUP_CONCAT(DISTINCT e.dst_port), '')
    FROM ${keysTable} k JOIN events e ON e.dst_ip = k.dst_ip AND e.host = k.host AND COALESCE(e.image, '') = k.image
    WHERE ${countedInGraph('e')}
    GROUP BY e.host, COALESCE(e.image, ''), e.dst_ip;
  `);
}
