import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { FindingMark } from '../../shared/types.js';
import type { GraphView, graphViewQuerySchema, ViewNode } from '../../shared/graph-view-types.js';
import { isoOrNull } from './event-filter.js';
import { findingMarks, strongerMark } from './finding-marks.js';
import { planDestinations, type DestinationStat, type GroupSpec } from './destination-plan.js';
import { groupId, imageKey, subnetKey } from './group-keys.js';
import { hostAddresses } from './host-addresses.js';
import { isInternalAddress } from './internal-address.js';
import { destinationId, hostId, processId } from './node-id.js';
import { annotateView, readAddressFacts } from './view-annotations.js';
import { ViewAssembly } from './view-assembly.js';
import { withViewUnits } from './view-units.js';
import { imageName } from './unit-rows.js';
import { activeReputation, reputationMarks, strongestReputation } from './reputation-marks.js';
import type { WarninglistMatcher } from '../intel/warninglists/index.js';

export type GraphViewOptions = z.output<typeof graphViewQuerySchema>;

/** What the engine knows besides the case: the shipped warninglists (known-benign destinations), when installed. */
export interface GraphViewContext {
  warninglists?: WarninglistMatcher | undefined;
}

/** host, image ('' none), target node id, events, bytes out, bytes in, first, last, ports. */
type TargetRow = [string, string, string, number, number, number, number, number, string | null];

/**
 * The investigation graph (getGraphView): host → process → destination,
 * one machine one node (a connection to a host's own address ends on the
 * host), every destination with a finding drawn on its own, the busiest
 * others up to the budget, the rest folded into groups with counts.
 *
 * SQL does the heavy part: each destination's total (an index walk), then,
 * once JS has placed every destination (its own node, a group, a host), one
 * GROUP BY of the units by (host, process, placed node). JS only sees the
 * destinations and the grouped rows, never every unit.
 */
export function buildGraphView(db: Database.Database, q: GraphViewOptions, context: GraphViewContext = {}): GraphView {
  return withViewUnits(db, q, (units) => build(db, q, units, context));
}

function build(db: Database.Database, q: GraphViewOptions, units: string, context: GraphViewContext): GraphView {
  const marks = findingMarks(db);
  const reputation = reputationMarks(db);
  const listed = activeReputation(reputation);
  const hostNames = db.prepare(`SELECT host FROM ${units} GROUP BY host`).pluck().all() as string[];
  const owners = hostAddresses(db, hostNames);
  const perDestination = db.prepare(`SELECT dst_ip, SUM(events) FROM ${units} GROUP BY dst_ip`).raw().all() as [string, number][];
  const perDestinationEvents = new Map(perDestination);

  // Where each address's connections end: a host's own address on the host, the others as the plan says.
  const target = new Map<string, string>();
  const stats: DestinationStat[] = [];
  for (const [ip, events] of perDestination) {
    if (!q.includeInternal && isInternalAddress(ip)) continue;
    const owner = owners.get(ip);
    if (owner !== undefined) target.set(ip, hostId(owner));
    else stats.push({ ip, events });
  }
  stats.sort((a, b) => b.events - a.events || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  const facts = readAddressFacts(db);
  const expand = new Set(q.expand);
  // A finding or an IoC hit that counts: drawn on its own whatever the budget.
  const always = new Set(stats.filter((s) => marks.destinations.has(s.ip) || listed.has(s.ip)).map((s) => s.ip));
  const plan = planDestinations(stats, { always, mode: q.grouping.destinations, maxDestinations: q.maxDestinations, expand, facts: (ip) => facts.get(ip) });
  const parents = new Map<string, string>();
  const members = new Map<string, number>();
  for (const { ip } of stats) {
    const place = plan.placement.get(ip);
    if (!place) continue;
    if (place.own) {
      target.set(ip, destinationId(ip));
      if (place.parent) parents.set(destinationId(ip), place.parent);
    } else {
      target.set(ip, place.group);
      members.set(place.group, (members.get(place.group) ?? 0) + 1);
    }
  }

  // Edges kept first when there are more than maxEdges: into destinations with a finding, then other destinations, hosts, groups.
  const rank = (ip: string, node: string) => (always.has(ip) ? 0 : node.startsWith('ip:') ? 1 : node.startsWith('host:') ? 2 : 3);
  const { rows, cut, runs } = groupByTarget(db, units, target, rank, q.maxEdges, !q.includeInternal);
  const view = new ViewAssembly();
  const addresses = new Map<string, string[]>();
  for (const [ip, host] of owners) addresses.set(host, [...(addresses.get(host) ?? []), ip]);
  const hostMembers = new Map<number, Set<string>>();
  const processMembers = new Map<number, Set<string>>();
  const count = (sets: Map<number, Set<string>>, i: number, key: string) => {
    const s = sets.get(i);
    if (s) s.add(key);
    else sets.set(i, new Set([key]));
  };

  const hostNode = (host: string): number => {
    const own = (parent?: string) => {
      const list = addresses.get(host);
      return view.node(hostId(host), () => ({ id: hostId(host), kind: 'host', label: host, events: 0, ...(list ? { addresses: [...list].sort() } : {}), ...(parent ? { parent } : {}) }));
    };
    if (q.grouping.hosts !== 'subnet') return own();
    const key = addresses.get(host)?.map(subnetKey).find((k) => k !== null) ?? 'unknown';
    const by = key === 'unknown' ? 'other' : 'subnet';
    const id = groupId('host', by, key);
    if (expand.has(id)) return own(id);
    const g = view.node(id, () => ({ id, kind: 'group', label: key === 'unknown' ? 'hosts without a known address' : key, events: 0, group: { of: 'host', by, key, members: 0 } }));
    count(hostMembers, g, host);
    return g;
  };
  const processNode = (host: string, image: string): number => {
    const pid = processId(host, image);
    const own = (parent?: string) => view.node(pid, () => ({ id: pid, kind: 'process', label: imageName(image), path: image, events: 0, ...(parent ? { parent } : {}) }));
    if (q.grouping.processes !== 'image') return own();
    const key = imageKey(image);
    const id = groupId('process', 'image', key);
    if (expand.has(id)) return own(id);
    const g = view.node(id, () => ({ id, kind: 'group', label: imageName(image), path: image, events: 0, group: { of: 'process', by: 'image', key, members: 0 } }));
    count(processMembers, g, pid);
    return g;
  };
  const targetNode = (id: string): number => {
    if (id.startsWith('host:')) return hostNode(id.slice('host:'.length));
    const spec = plan.groups.get(id);
    if (spec) return view.node(id, () => groupNode(spec, members.get(id) ?? 0));
    const parent = parents.get(id);
    return view.node(id, () => ({ id, kind: 'destination', label: id.slice('ip:'.length), events: 0, ...(parent ? { parent } : {}) }));
  };
  const addEvents = (i: number, n: number, mark: FindingMark | undefined) => {
    const node = view.nodeAt(i);
    node.events += n;
    const m = strongerMark(node.finding, mark);
    if (m) node.finding = m;
  };

  const hosts = new Set<string>();
  let first: number | null = null;
  let last: number | null = null;
  // Hosts and processes with every connection they made (runs edges), then the edges into what they reached.
  for (const [host, image, n, bytesOut, bytesIn, lo, hi] of runs) {
    first = first === null ? lo : Math.min(first, lo);
    last = last === null ? hi : Math.max(last, hi);
    hosts.add(host);
    const h = hostNode(host);
    if (image === '') {
      addEvents(h, n, undefined);
      continue;
    }
    const pid = processId(host, image);
    const mark = marks.processes.get(pid);
    const p = processNode(host, image);
    addEvents(h, n, mark);
    addEvents(p, n, mark);
    view.edge(h, p, 'runs', { events: n, bytesOut, bytesIn, first: lo, last: hi, ports: null, mark: undefined });
  }
  const processes = runs.filter((r) => r[1] !== '').length;
  for (const [host, image, to, n, bytesOut, bytesIn, lo, hi, ports] of rows) {
    const source = image === '' ? hostId(host) : processId(host, image);
    const mark = to.startsWith('ip:') ? marks.edges.get(`${source}->${to}`) : undefined;
    view.edge(image === '' ? hostNode(host) : processNode(host, image), targetNode(to), 'connects', { events: n, bytesOut, bytesIn, first: lo, last: hi, ports, mark });
  }
  // What was reached, with every connection to it (drawn edge or not).
  let total = 0;
  for (const { events } of stats) total += events;
  for (const [ip, node] of target) {
    const events = perDestinationEvents.get(ip) ?? 0;
    if (node.startsWith('host:')) {
      hosts.add(node.slice('host:'.length));
      total += events;
    }
    addEvents(targetNode(node), events, node.startsWith('ip:') ? marks.destinations.get(ip) : undefined);
  }
  for (const [sets] of [[hostMembers], [processMembers]] as const) {
    for (const [i, s] of sets) {
      const g = view.nodeAt(i).group;
      if (g) g.members = s.size;
    }
  }

  // A process image folded across hosts shows its strongest member's hash mark (a destination with a hit that counts is never folded).
  for (const [i, pids] of processMembers) {
    const mark = strongestReputation([...pids].map((pid) => reputation.processes.get(pid)));
    if (mark) view.nodeAt(i).reputation = mark;
  }
  const { nodes, edges } = view.finish();
  annotateView(db, nodes, { facts, reputation, warninglists: context.warninglists });

  return {
    nodes,
    edges,
    folded: { destinations: plan.folded, edges: cut },
    totals: { hosts: hosts.size, processes, destinations: stats.length, events: total },
    timeRange: { first: isoOrNull(first), last: isoOrNull(last) },
  };
}

/** host, image ('' none), events, bytes out, bytes in, first, last. */
type RunsRow = [string, string, number, number, number, number, number];

/**
 * In SQL through a temporary placement table (address → node, rank): the
 * units summed per (host, process, node their destination is placed on),
 * the `maxEdges` first by rank then events (and how many were cut), and per
 * (host, process) over every placed address (the `runs` edges). Without
 * addresses left out, the latter walks the units in key order, no join.
 */
function groupByTarget(
  db: Database.Database,
  units: string,
  target: Map<string, string>,
  rank: (ip: string, node: string) => number,
  maxEdges: number,
  someLeftOut: boolean,
): { rows: TargetRow[]; cut: number; runs: RunsRow[] } {
  db.exec('DROP TABLE IF EXISTS temp.graph_view_place; CREATE TEMP TABLE graph_view_place (ip TEXT PRIMARY KEY, node TEXT NOT NULL, rank INTEGER NOT NULL) WITHOUT ROWID');
  try {
    const insert = db.prepare('INSERT INTO temp.graph_view_place VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const [ip, node] of target) insert.run(ip, node, rank(ip, node));
    })();
    const ranked = db
      .prepare(
        `SELECT u.host, u.image, p.node, SUM(u.events) AS n, TOTAL(u.bytes_out), TOTAL(u.bytes_in), MIN(u.first_ts), MAX(u.last_ts), GROUP_CONCAT(u.ports), COUNT(*) OVER ()
         FROM ${units} u JOIN temp.graph_view_place p ON p.ip = u.dst_ip
         GROUP BY u.host, u.image, p.node
         ORDER BY MIN(p.rank), n DESC
         LIMIT ?`,
      )
      .raw()
      .all(maxEdges) as [...TargetRow, number][];
    const all = ranked[0]?.[9] ?? 0;
    const runsFrom = someLeftOut ? `${units} u JOIN temp.graph_view_place p ON p.ip = u.dst_ip` : `${units} u`;
    const runs = db
      .prepare(`SELECT u.host, u.image, SUM(u.events), TOTAL(u.bytes_out), TOTAL(u.bytes_in), MIN(u.first_ts), MAX(u.last_ts) FROM ${runsFrom} GROUP BY u.host, u.image`)
      .raw()
      .all() as RunsRow[];
    return { rows: ranked.map((r) => r.slice(0, 9) as TargetRow), cut: all - ranked.length, runs };
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.graph_view_place');
  }
}

function groupNode(spec: GroupSpec, members: number): ViewNode {
  return { id: spec.id, kind: 'group', label: groupLabel(spec), events: 0, group: { of: 'destination', by: spec.by, key: spec.key, members } };
}

function groupLabel({ by, key, name }: GroupSpec): string {
  if (by === 'asn') return name ? `AS${key} ${name}` : `AS${key}`;
  if (by === 'other') return key === 'unknown' ? 'not addresses' : 'other destinations';
  return key;
}
