import type Database from 'better-sqlite3';
import type { Graph, GraphEdge, GraphNode } from '../../shared/types.js';
import { isoOrNull, type EventFilterInput } from './event-filter.js';
import { findingMarks } from './finding-marks.js';
import { isInternalAddress } from './internal-address.js';
import { destinationId, hostId, processId } from './node-id.js';
// entity-details imports the label rule from here.
export { imageName } from './unit-rows.js';
import { imageName, mergePortLists, parsePorts, unitRows, type UnitRow } from './unit-rows.js';

export interface GraphOptions extends EventFilterInput {
  includeInternal: boolean;
  maxDestinations: number;
  maxEdges: number;
}

/**
 * The host → process → destination graph. Events are aggregated per
 * (host, process, destination) in SQL; flows without a process (Zeek) link
 * the host straight to the destination. When there are more destinations than
 * `maxDestinations`, the most active are kept and the rest counted; likewise
 * when their edges would pass `maxEdges`. So a huge case still draws.
 */
export function buildGraph(db: Database.Database, options: GraphOptions): Graph {
  const rows = unitRows(db, options);

  const internal = new Map<string, boolean>();
  const internalOf = (ip: string): boolean => {
    let v = internal.get(ip);
    if (v === undefined) internal.set(ip, (v = isInternalAddress(ip)));
    return v;
  };
  const kept = options.includeInternal ? rows : rows.filter((r) => !internalOf(r.ip));

  const perDestination = new Map<string, { events: number; edges: number }>();
  for (const r of kept) {
    const d = perDestination.get(r.ip) ?? { events: 0, edges: 0 };
    d.events += r.n;
    d.edges += 1;
    perDestination.set(r.ip, d);
  }
  // Destinations with a finding come first, strongest first, then the most active: a rare destination
  // where a threat hides is drawn however busy the rest of the case is.
  const marks = findingMarks(db);
  const rank = (ip: string) => marks.destinations.get(ip)?.score ?? -1;
  const ranked = [...perDestination.entries()].sort((a, b) => rank(b[0]) - rank(a[0]) || b[1].events - a[1].events || a[0].localeCompare(b[0]));
  const allowed = new Set<string>();
  let edgeBudget = options.maxEdges;
  for (const [ip, d] of ranked) {
    if (allowed.size >= options.maxDestinations || d.edges > edgeBudget) break;
    allowed.add(ip);
    edgeBudget -= d.edges;
  }

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const touch = (id: string, make: () => GraphNode, n: number) => {
    const node = nodes.get(id) ?? make();
    node.events += n;
    nodes.set(id, node);
  };
  const link = (source: string, target: string, kind: GraphEdge['kind'], r: UnitRow, ports: number[]) => {
    const id = `${source}->${target}`;
    const e = edges.get(id) ?? { id, source, target, kind, events: 0, bytesOut: 0, bytesIn: 0, ports: [], firstSeen: null, lastSeen: null };
    e.events += r.n;
    e.bytesOut += r.bytesOut;
    e.bytesIn += r.bytesIn;
    e.ports = mergePortLists(e.ports, ports);
    const first = isoOrNull(r.first);
    const last = isoOrNull(r.last);
    if (first && (!e.firstSeen || first < e.firstSeen)) e.firstSeen = first;
    if (last && (!e.lastSeen || last > e.lastSeen)) e.lastSeen = last;
    edges.set(id, e);
  };

  let first: number | null = null;
  let last: number | null = null;
  for (const r of kept) {
    if (!allowed.has(r.ip)) continue;
    first = first === null ? r.first : Math.min(first, r.first);
    last = last === null ? r.last : Math.max(last, r.last);
    const ports = parsePorts(r.ports);
    const h = hostId(r.host);
    const d = destinationId(r.ip);
    touch(h, () => ({ id: h, kind: 'host', label: r.host, events: 0 }), r.n);
    touch(d, () => ({ id: d, kind: 'destination', label: r.ip, events: 0, internal: internalOf(r.ip) }), r.n);
    if (r.image) {
      const p = processId(r.host, r.image);
      touch(p, () => ({ id: p, kind: 'process', label: imageName(r.image as string), events: 0 }), r.n);
      link(h, p, 'runs', r, []);
      link(p, d, 'connects', r, ports);
    } else {
      link(h, d, 'connects', r, ports);
    }
  }

  annotateDestinations(db, nodes);
  for (const node of nodes.values()) {
    const mark = node.kind === 'destination' ? marks.destinations.get(node.label) : node.kind === 'process' ? marks.processes.get(node.id) : undefined;
    if (mark) node.finding = mark;
  }
  for (const edge of edges.values()) {
    const mark = edge.kind === 'connects' ? marks.edges.get(edge.id) : undefined;
    if (mark) edge.finding = mark;
  }
  const order = { host: 0, process: 1, destination: 2 } as const;
  return {
    nodes: [...nodes.values()].sort((a, b) => order[a.kind] - order[b.kind] || a.id.localeCompare(b.id)),
    edges: [...edges.values()].sort((a, b) => a.id.localeCompare(b.id)),
    omittedDestinations: ranked.length - allowed.size,
    timeRange: { first: isoOrNull(first), last: isoOrNull(last) },
  };
}

/**
 * DNS names and alert counts on the destinations drawn: one indexed lookup
 * each. (Host names an endpoint log wrote per event are shown in the details
 * panel only: finding them per node would scan every event of the case.)
 */
function annotateDestinations(db: Database.Database, nodes: Map<string, GraphNode>): void {
  const dns = db.prepare('SELECT query AS name, COUNT(*) AS n FROM dns_answers WHERE ip = ? GROUP BY query ORDER BY n DESC, query LIMIT 3');
  const alerts = db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE dst_ip = ? OR src_ip = ?');
  // Cases without DNS or alerts skip the per-node queries.
  const hasDns = db.prepare('SELECT 1 FROM dns_answers LIMIT 1').get() !== undefined;
  const hasAlerts = db.prepare('SELECT 1 FROM alerts LIMIT 1').get() !== undefined;
  for (const node of nodes.values()) {
    if (node.kind !== 'destination') continue;
    const ip = node.label;
    if (hasDns) {
      const names = (dns.all(ip) as { name: string }[]).map((r) => r.name);
      if (names.length > 0) node.names = names;
    }
    if (hasAlerts) {
      const n = (alerts.get(ip, ip) as { n: number }).n;
      if (n > 0) node.alerts = n;
    }
  }
}

