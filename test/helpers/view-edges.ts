import { bitsToKinds, edgeKinds, severityCodes, viewEdgeId, type GraphView } from '../../src/shared/graph-view-types.js';
import type { FindingMark } from '../../src/shared/types.js';

/** One edge of a view read back from its columns, its ends by node id. */
export interface ViewEdgeRow {
  /** `<source id>-><target id>`. */
  id: string;
  source: string;
  target: string;
  kind: (typeof edgeKinds)[number];
  events: number;
  bytesOut: number;
  bytesIn: number;
  /** As the column holds them: ascending, comma-separated, '' for `runs`. */
  ports: string;
  firstSeen: string;
  lastSeen: string;
  finding?: FindingMark;
}

/** A view's edge columns as one object per edge, in the view's order: for assertions that read edges by their ends. */
export function viewEdges(view: Pick<GraphView, 'nodes' | 'edges'>): ViewEdgeRow[] {
  const e = view.edges;
  return e.source.map((s, i) => {
    const score = e.score[i] as number;
    const row: ViewEdgeRow = {
      id: viewEdgeId(view, i),
      source: view.nodes[s]?.id as string,
      target: view.nodes[e.target[i] as number]?.id as string,
      kind: edgeKinds[e.kind[i] as number] as ViewEdgeRow['kind'],
      events: e.events[i] as number,
      bytesOut: e.bytesOut[i] as number,
      bytesIn: e.bytesIn[i] as number,
      ports: e.ports[i] as string,
      firstSeen: new Date(e.firstSeen[i] as number).toISOString(),
      lastSeen: new Date(e.lastSeen[i] as number).toISOString(),
    };
    if (score >= 0) row.finding = { score, severity: severityCodes[e.severity[i] as number] ?? null, kinds: bitsToKinds(e.kinds[i] as number) };
    return row;
  });
}

/** The edge from `source` to `target` (node ids), if drawn. */
export function viewEdge(view: Pick<GraphView, 'nodes' | 'edges'>, source: string, target: string): ViewEdgeRow | undefined {
  return viewEdges(view).find((e) => e.source === source && e.target === target);
}
