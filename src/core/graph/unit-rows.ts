import type Database from 'better-sqlite3';
import { COUNTED_IN_GRAPH } from '../telemetry/edge-refresh.js';
import { eventFilter, type EventFilterInput } from './event-filter.js';

/**
 * What an edge of every graph is made of: the connections of one unit
 * (host, process, destination) summed. Flows without a process (Zeek) have
 * image null and link the host straight to the destination.
 */
export interface UnitRow {
  host: string;
  image: string | null;
  ip: string;
  n: number;
  bytesOut: number;
  bytesIn: number;
  first: number;
  last: number;
  /** Distinct destination ports, comma-separated (in any order), or null. */
  ports: string | null;
}

/** The per-unit sums as SQL columns; from `edge_stats` (kept at import) or from `events` under a filter. */
export function unitRowsSql(q: EventFilterInput): { sql: string; params: (string | number)[] } {
  const { where, params } = eventFilter(q);
  if (where === '') {
    return {
      sql: `SELECT host, NULLIF(image, '') AS image, dst_ip AS ip, events AS n, bytes_out AS bytesOut, bytes_in AS bytesIn,
                   first_ts AS first, last_ts AS last, ports
            FROM edge_stats`,
      params,
    };
  }
  return {
    sql: `SELECT host, image, dst_ip AS ip, COUNT(*) AS n, TOTAL(bytes_out) AS bytesOut, TOTAL(bytes_in) AS bytesIn,
                 MIN(ts) AS first, MAX(ts) AS last, GROUP_CONCAT(DISTINCT dst_port) AS ports
          FROM events ${where} AND ${COUNTED_IN_GRAPH} GROUP BY host, image, dst_ip`,
    params,
  };
}

export function unitRows(db: Database.Database, q: EventFilterInput): UnitRow[] {
  const { sql, params } = unitRowsSql(q);
  return db.prepare(sql).all(...params) as UnitRow[];
}

/** `C:\Windows\System32\svchost.exe` → `svchost.exe`: the label; the full path stays in the id and details. */
export function imageName(image: string): string {
  const cut = Math.max(image.lastIndexOf('\\'), image.lastIndexOf('/'));
  return cut === -1 ? image : image.slice(cut + 1);
}

export function parsePorts(list: string | null): number[] {
  if (!list) return [];
  return list
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => a - b);
}

export function mergePortLists(a: number[], b: number[]): number[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
