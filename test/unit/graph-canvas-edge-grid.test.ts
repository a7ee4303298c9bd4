import { describe, expect, it } from 'vitest';
import { EdgeGrid } from '../../src/renderer/graph/canvas/edge-grid.js';
import { HitIndex, segmentDistance } from '../../src/renderer/graph/canvas/hit-test.js';
import { buildScene } from '../../src/renderer/graph/canvas/scene.js';
import type { Scene } from '../../src/renderer/graph/canvas/scene-types.js';
import { generateGraphView, SMALL_VIEW } from '../helpers/graph-view-gen.js';
import { mulberry32 } from '../helpers/prng.js';

/** The hover's nearest edge as it was found before the grid: every drawn edge, in drawing order, the last of the nearest wins. */
function bruteEdgeAt(scene: Scene, wx: number, wy: number, k: number): number | null {
  const pos = scene.positions;
  const { source, target } = scene.view.edges;
  let best: number | null = null;
  let bestDistance = 4 / k;
  for (const batch of scene.edgeBatches) {
    for (const e of batch.edges) {
      const s = source[e] as number;
      const t = target[e] as number;
      const d = segmentDistance(wx, wy, pos[2 * s]!, pos[2 * s + 1]!, pos[2 * t]!, pos[2 * t + 1]!);
      if (d <= bestDistance) {
        best = e;
        bestDistance = d;
      }
    }
  }
  return best;
}

type Shape = 'uniform' | 'clusters' | 'columns' | 'stacked';

/** Positions of a few shapes: spread out, dense clusters with long edges between, three columns (long diagonals), many nodes on one spot (equal segments). */
function positionsOf(n: number, shape: Shape, rand: () => number): Float32Array {
  const pos = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    let x = rand() * 3000;
    let y = rand() * 2000;
    if (shape === 'clusters') {
      const c = Math.floor(rand() * 5);
      x = c * 700 + rand() * 40;
      y = (c % 2) * 900 + rand() * 40;
    } else if (shape === 'columns') {
      x = (i % 3) * 1500;
      y = rand() * 6000;
    } else if (shape === 'stacked') {
      x = Math.floor(rand() * 4) * 50;
      y = Math.floor(rand() * 3) * 50;
    }
    pos[2 * i] = x;
    pos[2 * i + 1] = y;
  }
  return pos;
}

function randomScene(seed: number, shape: Shape): Scene {
  const rand = mulberry32(seed);
  const view = generateGraphView({ ...SMALL_VIEW, destinations: 150 + Math.floor(rand() * 300), edges: 400 + Math.floor(rand() * 1200), seed });
  const n = view.nodes.length;
  const m = view.edges.source.length;
  // Some edges and nodes filtered out, a selection and a selected edge (other layers, other drawing order).
  const visibleNodes = new Uint8Array(n).map(() => (rand() < 0.95 ? 1 : 0));
  const visibleEdges = new Uint8Array(m).map(() => (rand() < 0.9 ? 1 : 0));
  const selected = new Set(Array.from({ length: 3 }, () => Math.floor(rand() * n)));
  return buildScene({
    view,
    positions: positionsOf(n, shape, rand),
    visibleNodes,
    visibleEdges,
    overlays: { reputation: true, anomaly: rand() < 0.5, dimBenign: rand() < 0.5 },
    edgeWidth: 'events',
    selected,
    selectedEdge: Math.floor(rand() * m),
  });
}

describe('EdgeGrid in the hover hit test', () => {
  it('finds the same edge as the brute force on random graphs, points and zooms', () => {
    let found = 0;
    let probes = 0;
    for (const [seed, shape] of [[1, 'uniform'], [2, 'clusters'], [3, 'columns'], [4, 'stacked'], [5, 'uniform'], [6, 'columns']] as const) {
      const scene = randomScene(seed, shape);
      const hit = new HitIndex(scene);
      const rand = mulberry32(100 + seed);
      const pos = scene.positions;
      const { source, target } = scene.view.edges;
      for (let p = 0; p < 1500; p++) {
        const k = [0.02, 0.1, 0.5, 1, 4][p % 5] as number;
        let x: number;
        let y: number;
        if (p % 2) {
          // Near an edge: a point on it, moved by up to a few pixels.
          const e = Math.floor(rand() * source.length);
          const u = rand();
          const s = source[e]!;
          const t = target[e]!;
          x = pos[2 * s]! + u * (pos[2 * t]! - pos[2 * s]!) + ((rand() - 0.5) * 10) / k;
          y = pos[2 * s + 1]! + u * (pos[2 * t + 1]! - pos[2 * s + 1]!) + ((rand() - 0.5) * 10) / k;
        } else {
          x = rand() * 3400 - 200;
          y = rand() * 6400 - 200;
        }
        const want = bruteEdgeAt(scene, x, y, k);
        expect(hit.edgeAt(x, y, k), `${shape} seed ${seed} at ${x},${y} zoom ${k}`).toBe(want);
        probes++;
        if (want !== null) found++;
      }
    }
    // Most probes near an edge hit one: the comparison is not between two nulls.
    expect(found).toBeGreaterThan(probes / 4);
  });

  it('registers each segment in a few cells, not in its bounding box', () => {
    const scene = randomScene(3, 'columns');
    const grid = new EdgeGrid(scene.positions, scene.view.edges.source, scene.view.edges.target);
    expect(grid.size).toBeLessThan(scene.view.edges.source.length * 20);
  });

  it('visits each edge once per query, and nothing far outside the segments', () => {
    const positions = Float32Array.from([0, 0, 100, 0, 0, 100, 100, 100, 5000, 5000]);
    const source = [0, 0, 1, 2, 4];
    const target = [1, 3, 3, 3, 4];
    const grid = new EdgeGrid(positions, source, target);
    const near = (x: number, y: number, r: number) => {
      const out: number[] = [];
      grid.forEachNear(x, y, r, (e) => out.push(e));
      return out;
    };
    const middle = near(50, 50, 2);
    expect(new Set(middle).size).toBe(middle.length);
    expect(middle).toContain(1);
    expect(near(-9000, -9000, 1)).toEqual([]);
    expect(near(5000, 5000, 1)).toContain(4);
    // The whole layout in the square: every edge, once.
    expect(near(2500, 2500, 1e6).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps the last scene’s grid when only the selection changed', () => {
    const scene = randomScene(5, 'uniform');
    const first = new HitIndex(scene);
    const pos = scene.positions;
    const e = scene.edgeBatches[0]!.edges[0]!;
    const s = scene.view.edges.source[e]!;
    first.edgeAt(pos[2 * s]!, pos[2 * s + 1]!, 1);
    const again = buildScene({ view: scene.view, positions: pos, visibleNodes: new Uint8Array(scene.view.nodes.length).fill(1), visibleEdges: new Uint8Array(scene.view.edges.source.length).fill(1), overlays: { reputation: true, anomaly: true, dimBenign: false }, edgeWidth: 'events', selected: new Set([s]), selectedEdge: null });
    const second = new HitIndex(again, first);
    const x = pos[2 * s]! + 3;
    const y = pos[2 * s + 1]! + 2;
    expect(second.edgeAt(x, y, 1)).toBe(bruteEdgeAt(again, x, y, 1));
    // Moved nodes: a new grid (the old one would answer for the old places).
    const moved = buildScene({ view: scene.view, positions: pos.map((v) => v + 500), visibleNodes: new Uint8Array(scene.view.nodes.length).fill(1), visibleEdges: new Uint8Array(scene.view.edges.source.length).fill(1), overlays: { reputation: true, anomaly: true, dimBenign: false }, edgeWidth: 'events', selected: new Set(), selectedEdge: null });
    const third = new HitIndex(moved, second);
    expect(third.edgeAt(x + 500, y + 500, 1)).toBe(bruteEdgeAt(moved, x + 500, y + 500, 1));
    expect(third.edgeAt(x + 500, y + 500, 1)).not.toBeNull();
  });
});
