import { forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3';
import { createLcg } from './lcg.js';
import { applyPins, type LayoutGraph, type PinList } from '../../shared/graph-layout/layout-graph.js';

interface SimNode extends SimulationNodeDatum {
  i: number;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
/** Leaves sit on a sunflower around their one neighbour: this far out, this far apart. */
const LEAF_START = 22;
const LEAF_SPACING = 13;
/** The simulation's cost budget: ticks × core nodes (Barnes-Hut is ~n log n a tick). */
const TICK_BUDGET = 150_000;
const MIN_TICKS = 40;
const MAX_TICKS = 300;
/** Below this many nodes every node is simulated (a few hundred ticks cost little); above, leaves are placed around their neighbour. */
export const LEAVES_APART_FROM = 1500;

export function ticksFor(coreNodes: number): number {
  return Math.max(MIN_TICKS, Math.min(MAX_TICKS, Math.round(TICK_BUDGET / Math.max(1, coreNodes))));
}

/**
 * A force layout that is usable in seconds at 10k nodes / 30k edges and the
 * same for the same input:
 * - in a big graph, nodes with one neighbour (most destinations: reached by
 *   one process) are not simulated; they are placed afterwards on a sunflower around that
 *   neighbour, whose charge and link lengths grow with its leaves to make room;
 * - the rest (the core) starts from kind rings (hosts inside, processes at
 *   their hosts' angle, shared destinations at their processes' mean angle),
 *   so few ticks converge, and the tick count falls as the core grows;
 * - d3-force's randomSource is a fixed LCG, and the tick count does not
 *   depend on time: the same input gives the same positions;
 * - pinned nodes are fixed where pinned.
 */
export function forceLayout(graph: LayoutGraph, pins: PinList, onProgress?: (done: number) => void): Float32Array {
  const n = graph.ids.length;
  const { source, target, kinds } = graph;
  const pinned = new Map<number, [number, number]>();
  for (let p = 0; p + 2 < pins.length; p += 3) pinned.set(pins[p] as number, [pins[p + 1] as number, pins[p + 2] as number]);

  const degree = new Uint32Array(n);
  const valid = (e: number) => {
    const s = source[e] as number;
    const t = target[e] as number;
    return s !== t && s >= 0 && t >= 0 && s < n && t < n;
  };
  for (let e = 0; e < source.length; e++) {
    if (!valid(e)) continue;
    degree[source[e] as number]!++;
    degree[target[e] as number]!++;
  }
  const parent = new Int32Array(n).fill(-1);
  for (let e = 0; e < source.length; e++) {
    if (!valid(e)) continue;
    const s = source[e] as number;
    const t = target[e] as number;
    if (n < LEAVES_APART_FROM) break;
    if (degree[t] === 1 && degree[s]! > 1 && kinds[t] !== 0 && !pinned.has(t)) parent[t] = s;
    else if (degree[s] === 1 && degree[t]! > 1 && kinds[s] !== 0 && !pinned.has(s)) parent[s] = t;
  }
  const leaves = new Uint32Array(n);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) leaves[parent[i] as number]!++;
  const cluster = (i: number) => (leaves[i] ? LEAF_START + LEAF_SPACING * Math.sqrt(leaves[i] as number) : 0);

  const core: number[] = [];
  for (let i = 0; i < n; i++) if (parent[i]! < 0) core.push(i);
  const coreLinks: SimulationLinkDatum<SimNode>[] = [];
  const simIndex = new Int32Array(n).fill(-1);
  core.forEach((i, j) => (simIndex[i] = j));
  for (let e = 0; e < source.length; e++) {
    if (!valid(e)) continue;
    const s = simIndex[source[e] as number] as number;
    const t = simIndex[target[e] as number] as number;
    if (s >= 0 && t >= 0) coreLinks.push({ source: s, target: t });
  }

  const random = createLcg(0x51e1);
  const angle = initialAngles(graph, core, valid);
  // Kind bands of a disc whose area gives each core node room (~35 units apart).
  const radius = 20 * Math.sqrt(core.length) + 60;
  const band = [
    [0, 0.3],
    [0.3, 0.65],
    [0.65, 1],
  ] as const;
  const nodes: SimNode[] = core.map((i) => {
    const pin = pinned.get(i);
    const [lo, hi] = band[kinds[i] as number] ?? [0.65, 1];
    const r = radius * Math.sqrt(lo * lo + (hi * hi - lo * lo) * random());
    const a = angle[i] as number;
    return pin ? { i, x: pin[0], y: pin[1], fx: pin[0], fy: pin[1] } : { i, x: r * Math.cos(a), y: r * Math.sin(a) };
  });

  const ticks = ticksFor(core.length);
  const simulation = forceSimulation<SimNode>(nodes)
    .randomSource(random)
    .alphaDecay(1 - Math.pow(0.001, 1 / ticks))
    .velocityDecay(0.4)
    .force(
      'link',
      forceLink<SimNode, SimulationLinkDatum<SimNode>>(coreLinks).distance((l) => 40 + cluster((l.source as SimNode).i) + cluster((l.target as SimNode).i)),
    )
    .force(
      'charge',
      forceManyBody<SimNode>()
        .strength((d) => -60 * (1 + Math.sqrt(leaves[d.i] as number)))
        .theta(core.length > 2000 ? 1.2 : 0.9),
    )
    .force('x', forceX<SimNode>(0).strength(0.02))
    .force('y', forceY<SimNode>(0).strength(0.02))
    .stop();
  for (let tick = 0; tick < ticks; tick++) {
    simulation.tick();
    if (onProgress && (tick % 5 === 4 || tick === ticks - 1)) onProgress((tick + 1) / ticks);
  }

  const out = new Float32Array(2 * n);
  for (const node of nodes) {
    out[2 * node.i] = node.x ?? 0;
    out[2 * node.i + 1] = node.y ?? 0;
  }
  // Leaves: a sunflower around their neighbour, the first ones facing away from the centre.
  const placed = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const p = parent[i] as number;
    if (p < 0) continue;
    const j = placed[p]!++;
    const px = out[2 * p] as number;
    const py = out[2 * p + 1] as number;
    const a = Math.atan2(py, px) + j * GOLDEN_ANGLE;
    const r = LEAF_START + LEAF_SPACING * Math.sqrt(j + 0.5);
    out[2 * i] = px + r * Math.cos(a);
    out[2 * i + 1] = py + r * Math.sin(a);
  }
  return applyPins(out, pins);
}

/**
 * Kind rings' angles: hosts evenly by id, then every other node at the mean
 * angle of its already placed neighbours (processes at their host's,
 * destinations between their processes'), in kind order.
 */
function initialAngles(graph: LayoutGraph, core: readonly number[], valid: (e: number) => boolean): Float64Array {
  const n = graph.ids.length;
  const angle = new Float64Array(n).fill(Number.NaN);
  const hosts = core.filter((i) => graph.kinds[i] === 0).sort((a, b) => (graph.ids[a]! < graph.ids[b]! ? -1 : graph.ids[a]! > graph.ids[b]! ? 1 : a - b));
  hosts.forEach((h, j) => (angle[h] = (2 * Math.PI * j) / Math.max(1, hosts.length)));
  const sin = new Float64Array(n);
  const cos = new Float64Array(n);
  for (const kind of [1, 2]) {
    sin.fill(0);
    cos.fill(0);
    for (let e = 0; e < graph.source.length; e++) {
      if (!valid(e)) continue;
      const s = graph.source[e] as number;
      const t = graph.target[e] as number;
      if (graph.kinds[t] === kind && !Number.isNaN(angle[s])) {
        sin[t]! += Math.sin(angle[s] as number);
        cos[t]! += Math.cos(angle[s] as number);
      }
      if (graph.kinds[s] === kind && !Number.isNaN(angle[t])) {
        sin[s]! += Math.sin(angle[t] as number);
        cos[s]! += Math.cos(angle[t] as number);
      }
    }
    let spread = 0;
    for (const i of core) {
      if (graph.kinds[i] !== kind) continue;
      angle[i] = sin[i] || cos[i] ? Math.atan2(sin[i] as number, cos[i] as number) + ((spread++ % 7) - 3) * 0.01 : spread++ * GOLDEN_ANGLE;
    }
  }
  for (const i of core) if (Number.isNaN(angle[i])) angle[i] = i * GOLDEN_ANGLE;
  return angle;
}
