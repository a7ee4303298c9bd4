/**
 * ADAPTER until GraphCanvas is on main: a GraphView's drawn part as the old
 * Graph, for the old SVG GraphView (LegacySurface). Delete with it.
 */
import { bitsToKinds, edgeKinds, severityCodes, type GraphView } from '../../shared/graph-view-types.js';
import type { Graph, GraphEdge } from '../../shared/types.js';
import type { Visibility } from '../model/selectors.js';

/** The drawn part of a GraphView as the old Graph, for the old renderer. */
export function drawnLegacyGraph(view: GraphView, vis: Visibility): Graph {
  const e = view.edges;
  const nodes = view.nodes
    .filter((_, i) => vis.nodes[i])
    .map((n) => ({
      id: n.id,
      // A group stands in its members' column.
      kind: n.kind === 'group' ? (n.group?.of ?? 'destination') : n.kind,
      label: n.group ? `${n.label} (${n.group.members})` : n.label,
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
