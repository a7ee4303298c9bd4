import type { NodeKind } from '../types.js';

export interface LayoutNode {
  id: string;
  kind: NodeKind;
}
export interface LayoutEdge {
  source: string;
  target: string;
}
export interface LayoutRequest {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  /** Distance between the host and destination columns. */
  width: number;
  /** Vertical distance between two nodes of a column. */
  rowGap?: number;
  /** Ordering sweeps; more untangles more, each is O(edges). */
  sweeps?: number;
}
/** x, y per node id. */
export type Positions = Record<string, [number, number]>;

/** Hosts on the left, processes in the middle, destinations on the right: the graph reads as the question does. */
const COLUMN: Record<NodeKind, number> = { host: 0, process: 0.42, destination: 1 };
const KINDS: readonly NodeKind[] = ['host', 'process', 'destination'];

/**
 * A layered layout: one column per node kind, nodes evenly spaced, and each
 * column ordered by the mean position of its neighbours (barycentre sweeps,
 * as in Sugiyama-style drawings) so that edges cross as little as cheaply
 * possible. Deterministic and O(sweeps × edges): it runs in a worker for huge
 * graphs, and in tests as a plain function.
 */
export function computeLayout(req: LayoutRequest): Positions {
  const gap = req.rowGap ?? 22;
  const columns: Record<NodeKind, string[]> = { host: [], process: [], destination: [] };
  const kindOf = new Map<string, NodeKind>();
  for (const n of [...req.nodes].sort((a, b) => a.id.localeCompare(b.id))) {
    columns[n.kind].push(n.id);
    kindOf.set(n.id, n.kind);
  }
  const neighbours = new Map<string, string[]>();
  for (const e of req.edges) {
    if (!kindOf.has(e.source) || !kindOf.has(e.target)) continue;
    (neighbours.get(e.source) ?? neighbours.set(e.source, []).get(e.source))?.push(e.target);
    (neighbours.get(e.target) ?? neighbours.set(e.target, []).get(e.target))?.push(e.source);
  }

  const rank = new Map<string, number>();
  const assignRanks = (kind: NodeKind) => columns[kind].forEach((id, i) => rank.set(id, i / Math.max(1, columns[kind].length - 1)));
  KINDS.forEach(assignRanks);

  const reorder = (kind: NodeKind, from: (k: NodeKind) => boolean) => {
    const score = new Map<string, number>();
    for (const id of columns[kind]) {
      const ns = (neighbours.get(id) ?? []).filter((n) => from(kindOf.get(n) as NodeKind));
      score.set(id, ns.length ? ns.reduce((s, n) => s + (rank.get(n) ?? 0), 0) / ns.length : (rank.get(id) ?? 0));
    }
    columns[kind].sort((a, b) => (score.get(a) ?? 0) - (score.get(b) ?? 0) || a.localeCompare(b));
    assignRanks(kind);
  };
  for (let s = 0; s < (req.sweeps ?? 4); s++) {
    reorder('process', (k) => k === 'host');
    reorder('destination', (k) => k !== 'destination');
    reorder('process', (k) => k === 'destination');
    reorder('host', (k) => k !== 'host');
  }

  // Shorter columns spread out (up to 6 gaps apart) along the tallest one, so
  // 300 hosts facing 16 destinations do not make a narrow fan.
  const tallest = Math.max(...KINDS.map((k) => columns[k].length), 1);
  const span = (tallest - 1) * gap;
  const out: Positions = {};
  for (const kind of KINDS) {
    const column = columns[kind];
    const step = column.length > 1 ? Math.min(gap * 6, span / (column.length - 1)) : 0;
    const offset = (span - (column.length - 1) * step) / 2;
    column.forEach((id, i) => {
      out[id] = [COLUMN[kind] * req.width, offset + i * step];
    });
  }
  return out;
}
