import { computeLayout } from './layout.js';
import { applyPins, LAYOUT_KINDS, type LayoutGraph, type PinList } from './layout-graph.js';

const ROW_GAP = 22;

/**
 * Hosts → processes → destinations in columns (layout.ts's barycentre
 * ordering) as a Float32Array by node index. The columns are spread as wide
 * as the graph is tall (a little more), so that fitted into a landscape pane a
 * tall graph fills its width instead of drawing a thin stripe in the middle.
 */
export function columnsLayout(graph: LayoutGraph, pins: PinList): Float32Array {
  const n = graph.ids.length;
  const nodes = graph.ids.map((id, i) => ({ id, kind: LAYOUT_KINDS[graph.kinds[i] as number] ?? 'destination' }));
  const edges: { source: string; target: string }[] = [];
  for (let e = 0; e < graph.source.length; e++) {
    const s = graph.ids[graph.source[e] as number];
    const t = graph.ids[graph.target[e] as number];
    if (s !== undefined && t !== undefined) edges.push({ source: s, target: t });
  }
  const tallest = Math.max(1, ...LAYOUT_KINDS.map((_, k) => graph.kinds.filter((x) => x === k).length));
  const width = Math.max(900, tallest * ROW_GAP * 1.2);
  const byId = computeLayout({ nodes, edges, width, rowGap: ROW_GAP });
  const out = new Float32Array(2 * n);
  graph.ids.forEach((id, i) => {
    const p = byId[id];
    out[2 * i] = p?.[0] ?? 0;
    out[2 * i + 1] = p?.[1] ?? 0;
  });
  return applyPins(out, pins);
}
