/**
 * ADAPTER until getGraphView and GraphCanvas are on main: the old getGraph
 * answer as a GraphView (for the model), and a GraphView's drawn part as the
 * old Graph (for the old SVG GraphView). Delete this file when both are in.
 */
import { bitsToKinds, edgeKinds, kindsToBits, severityCode, severityCodes, type GraphView, type GraphViewQuery } from '../../shared/graph-view-types.js';
import type { Graph, GraphEdge } from '../../shared/types.js';
import type { Visibility } from '../model/selectors.js';

/** The old answer as the new one; the filters getGraph lacks (hosts, processes, ports) applied here. */
export function legacyGraphView(graph: Graph, q: GraphViewQuery): GraphView {
  const hostOf = new Map<string, string>();
  for (const e of graph.edges) if (e.kind === 'runs') hostOf.set(e.target, e.source);
  const keep = (e: GraphEdge) => {
    if (e.kind === 'runs') return true;
    const host = hostOf.get(e.source) ?? e.source;
    if (q.hosts?.length && !q.hosts.includes(host.slice('host:'.length))) return false;
    if (q.processes?.length && !q.processes.some((p) => e.source.endsWith(`|${p}`) || e.source.toLowerCase().endsWith(`\\${p.toLowerCase()}`))) return false;
    if (q.ports?.length && !e.ports.some((p) => q.ports?.includes(p))) return false;
    return true;
  };
  let edges = graph.edges.filter(keep);
  const withConnects = new Set(edges.filter((e) => e.kind === 'connects').map((e) => e.source));
  const narrowed = Boolean(q.hosts?.length || q.processes?.length || q.ports?.length);
  if (narrowed) edges = edges.filter((e) => e.kind === 'connects' || withConnects.has(e.target));
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = graph.nodes.filter((n) => !narrowed || used.has(n.id));
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const col = <T>(f: (e: GraphEdge) => T) => edges.map(f);
  const ms = (iso: string | null) => (iso ? Date.parse(iso) : 0);
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      label: n.label,
      events: n.events,
      ...(n.kind === 'destination' ? { addressClass: n.internal ? 'private' : 'public' } : {}),
      ...(n.names ? { names: n.names } : {}),
      ...(n.alerts !== undefined ? { alerts: n.alerts } : {}),
      ...(n.kind === 'process' ? { path: n.id.slice(n.id.indexOf('|') + 1) } : {}),
      ...(n.finding ? { finding: n.finding } : {}),
    })),
    edges: {
      source: col((e) => index.get(e.source) ?? 0),
      target: col((e) => index.get(e.target) ?? 0),
      kind: col((e) => edgeKinds.indexOf(e.kind)),
      events: col((e) => e.events),
      bytesOut: col((e) => e.bytesOut),
      bytesIn: col((e) => e.bytesIn),
      firstSeen: col((e) => ms(e.firstSeen)),
      lastSeen: col((e) => ms(e.lastSeen)),
      ports: col((e) => e.ports.join(',')),
      score: col((e) => e.finding?.score ?? -1),
      severity: col((e) => severityCode(e.finding?.severity ?? undefined)),
      kinds: col((e) => kindsToBits(e.finding?.kinds ?? [])),
    },
    folded: { destinations: graph.omittedDestinations, edges: 0 },
    totals: {
      hosts: nodes.filter((n) => n.kind === 'host').length,
      processes: nodes.filter((n) => n.kind === 'process').length,
      destinations: nodes.filter((n) => n.kind === 'destination').length + graph.omittedDestinations,
      events: edges.filter((e) => e.kind === 'connects').reduce((s, e) => s + e.events, 0),
    },
    timeRange: graph.timeRange,
  };
}

/** The drawn part of a GraphView as the old Graph, for the old renderer. */
export function drawnLegacyGraph(view: GraphView, vis: Visibility): Graph {
  const e = view.edges;
  const nodes = view.nodes
    .filter((_, i) => vis.nodes[i])
    .map((n) => ({
      id: n.id,
      kind: n.kind === 'group' ? ('destination' as const) : n.kind,
      label: n.label,
      events: n.events,
      ...(n.kind === 'destination' ? { internal: n.addressClass !== undefined && n.addressClass !== 'public' } : {}),
      ...(n.names ? { names: n.names } : {}),
      ...(n.alerts !== undefined ? { alerts: n.alerts } : {}),
      ...(n.finding ? { finding: n.finding } : {}),
    }));
  const edges: GraphEdge[] = [];
  for (let i = 0; i < e.source.length; i++) {
    if (!vis.edges[i]) continue;
    const source = view.nodes[e.source[i] as number]?.id ?? '';
    const target = view.nodes[e.target[i] as number]?.id ?? '';
    const score = e.score[i] as number;
    const sev = e.severity[i] as number;
    edges.push({
      id: `${source}->${target}`,
      source,
      target,
      kind: edgeKinds[e.kind[i] as number] ?? 'connects',
      events: e.events[i] as number,
      bytesOut: e.bytesOut[i] as number,
      bytesIn: e.bytesIn[i] as number,
      ports: (e.ports[i] as string).split(',').filter(Boolean).map(Number).filter(Number.isFinite),
      firstSeen: new Date(e.firstSeen[i] as number).toISOString(),
      lastSeen: new Date(e.lastSeen[i] as number).toISOString(),
      ...(score >= 0 ? { finding: { score, severity: severityCodes[sev] ?? null, kinds: bitsToKinds(e.kinds[i] as number) } } : {}),
    });
  }
  return { nodes, edges, omittedDestinations: view.folded.destinations, timeRange: view.timeRange };
}
