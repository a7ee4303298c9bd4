import type Database from 'better-sqlite3';
import type { BytesPerDay, IntervalHistogram } from '../../shared/entity-details-types.js';
import { binOf, logEdges } from '../../shared/charts/index.js';

/** Days of bytes per day kept (the latest with connections). */
const MAX_DAYS = 366;
/** Connections read for the interval histogram: enough for a week of one-minute beacons. */
const MAX_INTERVAL_EVENTS = 100_000;
/** Log bins per factor of ten of the gap: 600 s and 660 s fall in neighbouring bins. */
const BINS_PER_DECADE = 10;

/** The node's connections, as a WHERE over `events` (see entity-details.ts `scope`). */
export interface NodeScope {
  where: string;
  params: readonly string[];
}

/** Bytes out and in and connections per UTC day, the latest days with connections first kept. */
export function bytesPerDay(db: Database.Database, s: NodeScope): BytesPerDay {
  const rows = db
    .prepare(
      `SELECT ts / 86400000 AS d, TOTAL(bytes_out), TOTAL(bytes_in), COUNT(*), SUM(bytes_out IS NOT NULL OR bytes_in IS NOT NULL)
       FROM events WHERE ${s.where} GROUP BY d ORDER BY d DESC LIMIT ?`,
    )
    .raw()
    .all(...s.params, MAX_DAYS) as [number, number, number, number, number][];
  rows.reverse();
  return {
    days: rows.map(([d]) => new Date(d * 86_400_000).toISOString().slice(0, 10)),
    bytesOut: rows.map((r) => r[1]),
    bytesIn: rows.map((r) => r[2]),
    connections: rows.map((r) => r[3]),
    withBytes: rows.reduce((n, r) => n + r[4], 0),
  };
}

/**
 * The gaps between consecutive connections of each (host, process) to the
 * address, pooled on log-spaced bins: a beacon is one tall bar (its period),
 * a person browsing a wide spread. Null with fewer than two gaps. `only`
 * keeps one (host, process) — image '' for flows without one — as a
 * report's finding has it.
 */
export function intervalHistogram(db: Database.Database, ip: string, only?: { host: string; image: string }): IntervalHistogram | null {
  // Unit by unit through the covering index events_unit_time (host, image, dst_ip, ts, …): already in time order, no sort.
  const units = (
    only
      ? db.prepare('SELECT host, image FROM edge_stats WHERE dst_ip = ? AND host = ? AND image = ?').raw().all(ip, only.host, only.image)
      : db.prepare('SELECT host, image FROM edge_stats WHERE dst_ip = ? ORDER BY events DESC').raw().all(ip)
  ) as [string, string][];
  const withProcess = db.prepare('SELECT ts FROM events WHERE host = ? AND image = ? AND dst_ip = ? ORDER BY ts').pluck();
  // '' in edge_stats is "no process": flows, of which those joined to an endpoint event are not counted (COUNTED_IN_GRAPH).
  const flows = db.prepare('SELECT ts FROM events WHERE host = ? AND image IS NULL AND dst_ip = ? AND peer_id IS NULL ORDER BY ts').pluck();
  const gaps: number[] = [];
  let read = 0;
  for (const [host, image] of units) {
    if (read >= MAX_INTERVAL_EVENTS) break;
    let prev = NaN;
    const times = (image === '' ? flows.iterate(host, ip) : withProcess.iterate(host, image, ip)) as IterableIterator<number>;
    for (const ts of times) {
      if (++read > MAX_INTERVAL_EVENTS) break;
      if (!Number.isNaN(prev)) gaps.push((ts - prev) / 1000);
      prev = ts;
    }
  }
  if (gaps.length < 2) return null;
  let smallest = 1;
  let largest = 1;
  for (const g of gaps) {
    if (g > 0 && g < smallest) smallest = g;
    if (g > largest) largest = g;
  }
  const sorted = Float64Array.from(gaps).sort();
  const half = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[half] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
  // From a power of ten at or below the smallest gap (a second at most); gaps of 0 (two connections in one millisecond) go in the first bin.
  const edges = logEdges(smallest, largest, BINS_PER_DECADE);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const g of gaps) {
    const b = binOf(edges, Math.max(g, edges[0] as number));
    if (b >= 0) counts[b] = (counts[b] as number) + 1;
  }
  return { edges, counts, gaps: gaps.length, medianSeconds: median, units: units.length, sampled: read > MAX_INTERVAL_EVENTS };
}
