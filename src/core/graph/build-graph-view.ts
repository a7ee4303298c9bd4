import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { FindingMark } from '../../shared/types.js';
import type { GraphView, graphViewQuerySchema, ViewNode } from '../../shared/graph-view-types.js';
import { isoOrNull } from './event-filter.js';
import { findingMarks, strongerMark } from './finding-marks.js';
import { planDestinations, type DestinationStat } from './destination-plan.js';
import { groupId, imageKey, subnetKey } from './group-keys.js';
import { hostAddresses } from './host-addresses.js';
import { isInternalAddress } from './internal-address.js';
import { destinationId, hostId, processId } from './node-id.js';
import { annotateView, readAddressFacts } from './view-annotations.js';
import { ViewAssembly } from './view-assembly.js';
import { imageName, parsePorts, unitRows, type UnitRow } from './unit-rows.js';

export type GraphViewOptions = z.output<typeof graphViewQuerySchema>;

/**
 * The investigation graph (getGraphView): host → process → destination,
 * one machine one node (a connection to a host's own address ends on the
 * host), every destination with a finding drawn on its own, the busiest
 * others up to the budget, the rest folded into groups with counts.
 */
export function buildGraphView(db: Database.Database, q: GraphViewOptions): GraphView {
  const rows = unitRows(db, q);
  const marks = findingMarks(db);
  const owners = hostAddresses(db, new Set(rows.map((r) => r.host)));
  const internal = internalTest();
  const kept = q.includeInternal ? rows : rows.filter((r) => !internal(r.ip));

  // Destinations: every address that is not a host's own, busiest first.
  const events = new Map<string, number>();
  for (const r of kept) if (!owners.has(r.ip)) events.set(r.ip, (events.get(r.ip) ?? 0) + r.n);
  const stats: DestinationStat[] = [...events].map(([ip, n]) => ({ ip, events: n })).sort((a, b) => b.events - a.events || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  const facts = readAddressFacts(db);
  const always = new Set([...marks.destinations.keys()].filter((ip) => events.has(ip)));
  const expand = new Set(q.expand);
  const plan = planDestinations(stats, { always, mode: q.grouping.destinations, maxDestinations: q.maxDestinations, expand, facts: (ip) => facts.get(ip) });

  const hostAddressList = new Map<string, string[]>();
  for (const [ip, host] of owners) {
    const list = hostAddressList.get(host);
    if (list) list.push(ip);
    else hostAddressList.set(host, [ip]);
  }

  const view = new ViewAssembly();
  const addEvents = (i: number, n: number, mark: FindingMark | undefined) => {
    const node = view.nodeAt(i);
    node.events += n;
    const m = strongerMark(node.finding, mark);
    if (m) node.finding = m;
  };
  const memberCounts = new Map<number, Set<string>>();
  const member = (i: number, key: string) => {
    let s = memberCounts.get(i);
    if (!s) memberCounts.set(i, (s = new Set()));
    s.add(key);
  };

  const hostNode = (host: string): number => {
    const addresses = hostAddressList.get(host);
    const own = (parent?: string) =>
      view.node(hostId(host), () => ({ id: hostId(host), kind: 'host', label: host, events: 0, ...(addresses ? { addresses: [...addresses].sort() } : {}), ...(parent ? { parent } : {}) }));
    if (q.grouping.hosts !== 'subnet') return own();
    const key = (addresses?.[0] !== undefined ? subnetKey(addresses[0]) : null) ?? 'unknown';
    const by = key === 'unknown' ? 'other' : 'subnet';
    const id = groupId('host', by, key);
    if (expand.has(id)) return own(id);
    const g = view.node(id, () => ({ id, kind: 'group', label: key === 'unknown' ? 'hosts without a known address' : key, events: 0, group: { of: 'host', by, key, members: 0 } }));
    member(g, host);
    return g;
  };
  const processNode = (host: string, image: string): number => {
    const own = (parent?: string) =>
      view.node(processId(host, image), () => ({ id: processId(host, image), kind: 'process', label: imageName(image), path: image, events: 0, ...(parent ? { parent } : {}) }));
    if (q.grouping.processes !== 'image') return own();
    const key = imageKey(image);
    const id = groupId('process', 'image', key);
    if (expand.has(id)) return own(id);
    const g = view.node(id, () => ({ id, kind: 'group', label: imageName(image), path: image, events: 0, group: { of: 'process', by: 'image', key, members: 0 } }));
    member(g, processId(host, image));
    return g;
  };
  const targetNode = (ip: string): number => {
    const owner = owners.get(ip);
    if (owner !== undefined) return hostNode(owner);
    const place = plan.placement.get(ip);
    if (place && !place.own) {
      const spec = plan.groups.get(place.group);
      const g = view.node(place.group, () => groupNode(place.group, spec));
      member(g, ip);
      return g;
    }
    return view.node(destinationId(ip), () => ({ id: destinationId(ip), kind: 'destination', label: ip, events: 0, ...(place?.own && place.parent ? { parent: place.parent } : {}) }));
  };

  const hosts = new Set<string>();
  const processes = new Set<string>();
  let total = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const r of kept) {
    total += r.n;
    first = first === null ? r.first : Math.min(first, r.first);
    last = last === null ? r.last : Math.max(last, r.last);
    hosts.add(r.host);
    const owner = owners.get(r.ip);
    if (owner !== undefined) hosts.add(owner);
    addUnit(r);
  }

  function addUnit(r: UnitRow): void {
    const d = destinationId(r.ip);
    const h = hostNode(r.host);
    const t = targetNode(r.ip);
    const part = { events: r.n, bytesOut: r.bytesOut, bytesIn: r.bytesIn, first: r.first, last: r.last, ports: parsePorts(r.ports) };
    // A node's mark is the strongest of its units' (those under the query's filters).
    const ownedTarget = owners.has(r.ip);
    if (r.image) {
      const pid = processId(r.host, r.image);
      processes.add(pid);
      const p = processNode(r.host, r.image);
      const unitMark = marks.edges.get(`${pid}->${d}`);
      addEvents(h, r.n, unitMark);
      addEvents(p, r.n, unitMark);
      view.edge(h, p, 'runs', { ...part, ports: [], mark: undefined });
      view.edge(p, t, 'connects', { ...part, mark: unitMark });
      if (t !== h) addEvents(t, r.n, ownedTarget ? undefined : unitMark);
    } else {
      const unitMark = marks.edges.get(`${hostId(r.host)}->${d}`);
      addEvents(h, r.n, unitMark);
      view.edge(h, t, 'connects', { ...part, mark: unitMark });
      if (t !== h) addEvents(t, r.n, ownedTarget ? undefined : unitMark);
    }
  }

  for (const [i, members] of memberCounts) {
    const g = view.nodeAt(i).group;
    if (g) g.members = members.size;
  }
  const { nodes, edges, cutEdges } = view.finish(q.maxEdges);
  annotateView(db, nodes, { facts });
  return {
    nodes,
    edges,
    folded: { destinations: plan.folded, edges: cutEdges },
    totals: { hosts: hosts.size, processes: processes.size, destinations: events.size, events: total },
    timeRange: { first: isoOrNull(first), last: isoOrNull(last) },
  };
}

function groupNode(id: string, spec: { by: NonNullable<ViewNode['group']>['by']; key: string; name?: string | null } | undefined): ViewNode {
  const by = spec?.by ?? 'other';
  const key = spec?.key ?? 'rest';
  return { id, kind: 'group', label: groupLabel(by, key, spec?.name ?? null), events: 0, group: { of: 'destination', by, key, members: 0 } };
}

function groupLabel(by: NonNullable<ViewNode['group']>['by'], key: string, name: string | null): string {
  if (by === 'asn') return name ? `AS${key} ${name}` : `AS${key}`;
  if (by === 'other') return key === 'unknown' ? 'not addresses' : 'other destinations';
  return key;
}

/** isInternalAddress, once per address. */
function internalTest(): (ip: string) => boolean {
  const seen = new Map<string, boolean>();
  return (ip) => {
    let v = seen.get(ip);
    if (v === undefined) seen.set(ip, (v = isInternalAddress(ip)));
    return v;
  };
}
