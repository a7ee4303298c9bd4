import type Database from 'better-sqlite3';
import type { ClockSkew, JoinSummary } from '../../shared/types.js';
import { refreshEdges } from './edge-refresh.js';
import { nameFlowHosts } from './name-flow-hosts.js';
import { attributeSkew, correctSkew, estimateSkews } from './clock-skew.js';

/**
 * Joins endpoint events (a connection that names its process: Sysmon event 3)
 * with sensor flows (Zeek, NetFlow, Argus, Suricata, firewall logs: no
 * process) that describe the same connection: same addresses and ports, in
 * either orientation (a sensor sees the originator first, an endpoint log may
 * not), and times within `toleranceMs` of each other (clock skew, connect
 * time vs. first packet). The endpoint event gains bytes, packets and
 * duration; the flow gains the process through `peer_id` (both rows link to
 * each other; a flow keeps image NULL, which is what marks it as the sensor
 * side). In the graph a joined flow is not counted again: its endpoint
 * event stands for the connection, now with the flow's bytes. Two files whose
 * clocks are far apart are first put on one clock (clock-skew.ts: which one
 * is off is decided by the process starts; the off side's connections move).
 *
 * Incremental: only events not joined yet are considered, so running it after
 * every import costs the new rows, and a re-run changes nothing.
 */
export function joinConnections(db: Database.Database, toleranceMs: number): JoinSummary {
  let newlyMatched = 0;
  const skews: ClockSkew[] = [];
  const both = bothSidesPresent(db);
  const fileName = (importId: number) => (db.prepare('SELECT file_name AS f FROM imports WHERE id = ?').get(importId) as { f: string }).f;
  db.transaction(() => {
    if (!both) return;
    // Each side in a temporary table keyed by its two endpoints in a fixed order, so either orientation meets.
    for (const [name, side] of [
      ['join_ep', 'image IS NOT NULL'],
      ['join_fl', 'image IS NULL'],
    ] as const) {
      db.exec(`DROP TABLE IF EXISTS temp.${name}`);
      db.exec(
        `CREATE TEMP TABLE ${name} AS
         SELECT id, import_id, ts, LOWER(proto) AS proto,
                MIN(src_ip || '|' || src_port, dst_ip || '|' || dst_port) AS a,
                MAX(src_ip || '|' || src_port, dst_ip || '|' || dst_port) AS b
         FROM events WHERE ${side} AND peer_id IS NULL AND src_port IS NOT NULL AND dst_port IS NOT NULL`,
      );
    }
    db.exec('CREATE INDEX temp.join_ep_key ON join_ep(a, b, ts)');
    const corrected = new Set<number>();
    for (const skew of estimateSkews(db, toleranceMs)) {
      // An import already moved has a new offset to every other file: judged again on the next import.
      if (corrected.has(skew.flowImport) || corrected.has(skew.endpointImport)) continue;
      const attribution = attributeSkew(db, skew, toleranceMs);
      const correction = correctSkew(db, skew, attribution.off);
      if (correction.moved) corrected.add(correction.importId);
      skews.push({ file: fileName(skew.flowImport), endpointFile: fileName(skew.endpointImport), seconds: Math.round(skew.ms / 100) / 10, ...attribution, moved: correction.moved });
    }
    if (corrected.size > 0) {
      // The moved connections' per-unit first and last times.
      db.exec(
        `CREATE TEMP TABLE skew_affected AS SELECT DISTINCT host, COALESCE(image, '') AS image, dst_ip FROM events
         WHERE import_id IN (${[...corrected].join(',')})`,
      );
      refreshEdges(db, 'temp.skew_affected');
      db.exec('DROP TABLE temp.skew_affected');
    }
    const candidates = db
      .prepare(
        `SELECT fl.id AS flow, ep.id AS endpoint, ABS(fl.ts - ep.ts) AS dt, fl.proto AS flowProto, ep.proto AS endpointProto
         FROM join_fl fl JOIN join_ep ep ON ep.a = fl.a AND ep.b = fl.b AND ep.ts BETWEEN fl.ts - ? AND fl.ts + ?
         ORDER BY dt, fl.id, ep.id`,
      )
      .all(toleranceMs, toleranceMs) as { flow: number; endpoint: number; dt: number; flowProto: string | null; endpointProto: string | null }[];
    db.exec('DROP TABLE temp.join_ep; DROP TABLE temp.join_fl');

    // Closest pairs first; a port reused within the tolerance pairs each connection with its nearest twin.
    const takenFlows = new Set<number>();
    const takenEndpoints = new Set<number>();
    const pairs: { flow: number; endpoint: number }[] = [];
    for (const c of candidates) {
      if (c.flowProto !== null && c.endpointProto !== null && c.flowProto !== c.endpointProto) continue;
      if (takenFlows.has(c.flow) || takenEndpoints.has(c.endpoint)) continue;
      takenFlows.add(c.flow);
      takenEndpoints.add(c.endpoint);
      pairs.push({ flow: c.flow, endpoint: c.endpoint });
    }
    if (pairs.length === 0) return;

    const read = db.prepare(
      'SELECT id, host, image, src_ip, dst_ip, bytes_out, bytes_in, pkts_out, pkts_in, duration FROM events WHERE id = ?',
    );
    const updateEndpoint = db.prepare(
      `UPDATE events SET peer_id = ?, bytes_out = COALESCE(bytes_out, ?), bytes_in = COALESCE(bytes_in, ?),
         pkts_out = COALESCE(pkts_out, ?), pkts_in = COALESCE(pkts_in, ?), duration = COALESCE(duration, ?) WHERE id = ?`,
    );
    const updateFlow = db.prepare('UPDATE events SET peer_id = ? WHERE id = ?');
    db.exec('CREATE TEMP TABLE join_affected (host TEXT NOT NULL, image TEXT NOT NULL, dst_ip TEXT NOT NULL, PRIMARY KEY (host, image, dst_ip)) WITHOUT ROWID');
    const affected = db.prepare('INSERT OR IGNORE INTO join_affected VALUES (?, ?, ?)');
    for (const p of pairs) {
      const e = read.get(p.endpoint) as EventRow;
      const f = read.get(p.flow) as EventRow;
      // The flow's "out" is its originator's: the endpoint's own direction when both put the same address first.
      const same = e.src_ip === f.src_ip;
      updateEndpoint.run(
        f.id,
        same ? f.bytes_out : f.bytes_in,
        same ? f.bytes_in : f.bytes_out,
        same ? f.pkts_out : f.pkts_in,
        same ? f.pkts_in : f.pkts_out,
        f.duration,
        e.id,
      );
      updateFlow.run(e.id, f.id);
      affected.run(e.host, e.image ?? '', e.dst_ip);
      // The flow's edge as it was counted at import: without a process.
      affected.run(f.host, '', f.dst_ip);
    }
    newlyMatched = pairs.length;
    refreshEdges(db, 'temp.join_affected');
    db.exec('DROP TABLE temp.join_affected');
  })();
  // Then the sensor's view of a machine (an address) takes the endpoint's name for it.
  const namedHosts = both ? nameFlowHosts(db) : [];
  return { toleranceSeconds: toleranceMs / 1000, ...joinCounts(db), newlyMatched, clockSkews: skews, namedHosts };
}

/**
 * Whether there is anything to join, without scanning millions of flows of a
 * sensor-only case: the import formats say which sides can exist (a mapped
 * CSV may hold either), then one probe per side.
 */
function bothSidesPresent(db: Database.Database): boolean {
  const formats = (db.prepare('SELECT DISTINCT format FROM imports').all() as { format: string }[]).map((r) => r.format);
  const endpoint = formats.some((f) => f.startsWith('sysmon-') || f === 'csv-mapped');
  const flow = formats.some((f) => !f.startsWith('sysmon-'));
  if (!endpoint || !flow) return false;
  const probe = (side: string) => db.prepare(`SELECT 1 FROM events WHERE ${side} AND peer_id IS NULL AND src_port IS NOT NULL LIMIT 1`).get() !== undefined;
  return probe('image IS NOT NULL') && probe('image IS NULL');
}

interface EventRow {
  id: number;
  host: string;
  image: string | null;
  src_ip: string;
  dst_ip: string;
  bytes_out: number | null;
  bytes_in: number | null;
  pkts_out: number | null;
  pkts_in: number | null;
  duration: number | null;
}

/**
 * Matched and unmatched events per side, over the whole case, without
 * reading every event (it runs after each import): the endpoint events are
 * counted in the (host, image) index, the rest are flows, and the joined ones
 * are found through the partial index events_peer.
 */
export function joinCounts(db: Database.Database): Omit<JoinSummary, 'toleranceSeconds' | 'newlyMatched' | 'clockSkews' | 'namedHosts'> {
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  const events = count('SELECT COUNT(*) AS n FROM events');
  const endpointEvents = count('SELECT COUNT(*) AS n FROM events INDEXED BY events_unit_time WHERE image IS NOT NULL');
  const matched = count('SELECT COUNT(*) AS n FROM events INDEXED BY events_peer WHERE peer_id IS NOT NULL');
  const endpointMatched = count('SELECT COUNT(*) AS n FROM events INDEXED BY events_peer WHERE peer_id IS NOT NULL AND image IS NOT NULL');
  return { endpointEvents, endpointMatched, flowEvents: events - endpointEvents, flowMatched: matched - endpointMatched };
}
