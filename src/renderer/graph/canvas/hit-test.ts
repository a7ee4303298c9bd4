import { quadtree, type Quadtree } from 'd3';
import { EdgeGrid } from './edge-grid.js';
import { NODE_VISIBLE, type Scene } from './scene-types.js';

/** How far from a node's disc or an edge's line a pointer still hits it, in CSS pixels. */
const SLACK_PX = 4;
/** Nodes smaller than this on screen are hit as if this big. */
const MIN_NODE_PX = 3;

/**
 * What is under the pointer: nodes through a d3-quadtree of the visible
 * nodes' centres (microseconds at 10k), else the nearest drawn edge segment
 * within a few pixels, among those a uniform grid of the segments
 * (edge-grid.ts) puts near the pointer (only when no node is hit).
 */
export class HitIndex {
  private readonly tree: Quadtree<number>;
  private readonly maxRadius: number;
  private grid: EdgeGrid | null = null;
  /** Per edge, its place in the drawing order (later is on top), -1 when not drawn. */
  private rank: Int32Array | null = null;

  /** `previous`: the index of the last scene; its edge grid is kept when the positions are the same. */
  constructor(
    readonly scene: Scene,
    previous?: HitIndex | null,
  ) {
    if (previous?.grid && previous.scene.positions === scene.positions && previous.scene.view === scene.view) this.grid = previous.grid;
    const pos = scene.positions;
    const visible: number[] = [];
    let maxRadius = 0;
    for (let i = 0; i < scene.nodeFlags.length; i++) {
      if (!(scene.nodeFlags[i]! & NODE_VISIBLE)) continue;
      visible.push(i);
      maxRadius = Math.max(maxRadius, scene.radius[i] as number);
    }
    this.maxRadius = maxRadius;
    this.tree = quadtree<number>()
      .x((i) => pos[2 * i] as number)
      .y((i) => pos[2 * i + 1] as number)
      .addAll(visible);
  }

  /** The node under the world point at zoom k (the one whose disc is nearest its edge), or null. */
  nodeAt(wx: number, wy: number, k: number): number | null {
    const pos = this.scene.positions;
    const reach = Math.max(this.maxRadius, MIN_NODE_PX / k) + SLACK_PX / k;
    let best: number | null = null;
    let bestGap = Infinity;
    this.tree.visit((quad, qx0, qy0, qx1, qy1) => {
      if (qx0 > wx + reach || qx1 < wx - reach || qy0 > wy + reach || qy1 < wy - reach) return true;
      if (!quad.length) {
        for (let leaf: typeof quad | undefined = quad; leaf; leaf = leaf.next) {
          const i = leaf.data;
          const r = Math.max(this.scene.radius[i] as number, MIN_NODE_PX / k);
          const gap = Math.hypot((pos[2 * i] as number) - wx, (pos[2 * i + 1] as number) - wy) - r;
          if (gap <= SLACK_PX / k && (gap < bestGap || (gap === bestGap && best !== null && i > best))) {
            best = i;
            bestGap = gap;
          }
        }
      }
      return false;
    });
    return best;
  }

  /** The drawn edge nearest the world point within a few pixels at zoom k, or null. Later (upper) layers win ties. */
  edgeAt(wx: number, wy: number, k: number): number | null {
    const pos = this.scene.positions;
    const { source, target } = this.scene.view.edges;
    // Built on the first hover over empty space, not with the scene: most scenes are never hovered.
    this.grid ??= new EdgeGrid(pos, source, target);
    const rank = (this.rank ??= drawOrder(this.scene));
    let best: number | null = null;
    let bestDistance = SLACK_PX / k;
    let bestRank = -1;
    this.grid.forEachNear(wx, wy, bestDistance, (e) => {
      const r = rank[e] as number;
      if (r < 0) return;
      const s = source[e] as number;
      const t = target[e] as number;
      const d = segmentDistance(wx, wy, pos[2 * s] as number, pos[2 * s + 1] as number, pos[2 * t] as number, pos[2 * t + 1] as number);
      if (d < bestDistance || (d === bestDistance && r > bestRank)) {
        best = e;
        bestDistance = d;
        bestRank = r;
      }
    });
    return best;
  }
}

/** Each drawn edge's place in the order the batches draw them; -1 for the others. */
function drawOrder(scene: Scene): Int32Array {
  const rank = new Int32Array(scene.view.edges.source.length).fill(-1);
  let next = 0;
  for (const batch of scene.edgeBatches) for (const e of batch.edges) rank[e] = next++;
  return rank;
}

/** Distance from a point to the segment (ax, ay)–(bx, by). */
export function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const u = length2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2)) : 0;
  return Math.hypot(px - (ax + u * dx), py - (ay + u * dy));
}
