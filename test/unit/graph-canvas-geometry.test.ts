import { describe, expect, it } from 'vitest';
import { HitIndex, segmentDistance } from '../../src/renderer/graph/canvas/hit-test.js';
import { BADGE_HEIGHT, LABEL_HEIGHT, LABEL_ZOOM, OccupancyGrid, placeLabels, type Measure } from '../../src/renderer/graph/canvas/labels.js';
import { buildScene } from '../../src/renderer/graph/canvas/scene.js';
import type { SceneInput } from '../../src/renderer/graph/canvas/scene-types.js';
import { fitTransform, keepOnScreen, toScreen } from '../../src/renderer/graph/canvas/transform.js';
import { generateGraphView, LARGE_VIEW, SMALL_VIEW } from '../helpers/graph-view-gen.js';
import { mulberry32 } from '../helpers/prng.js';

const measure: Measure = (text, font) => text.length * (font === 'label' ? 6 : 5.5);

function sceneOf(size: typeof SMALL_VIEW, spread: number, over: Partial<SceneInput> = {}) {
  const view = generateGraphView(size);
  const n = view.nodes.length;
  const rand = mulberry32(3);
  const positions = new Float32Array(2 * n).map(() => rand() * spread);
  return buildScene({
    view,
    positions,
    visibleNodes: new Uint8Array(n).fill(1),
    visibleEdges: new Uint8Array(view.edges.source.length).fill(1),
    overlays: { reputation: true, anomaly: true, dimBenign: false },
    edgeWidth: 'events',
    selected: new Set(),
    selectedEdge: null,
    ...over,
  });
}

type Box = { x: number; y: number; w: number; h: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('placeLabels', () => {
  const scene = sceneOf(LARGE_VIEW, 4000);
  const W = 1440;
  const H = 900;

  it('no two labels or badges overlap, at several zooms', () => {
    for (const k of [0.2, LABEL_ZOOM, 1, 3]) {
      const t = { k, x: W / 2 - k * 2000, y: H / 2 - k * 2000 };
      const { labels, badges } = placeLabels(scene, t, W, H, measure);
      const boxes: Box[] = [...labels.map((l) => ({ ...l, h: LABEL_HEIGHT })), ...badges.map((b) => ({ ...b, h: BADGE_HEIGHT }))];
      expect(boxes.length).toBeGreaterThan(0);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `k=${k} boxes ${i} and ${j}`).toBe(false);
    }
  });

  it('labels cover no group box, and in a small graph no node at all', () => {
    const small = sceneOf({ ...SMALL_VIEW, destinations: 60, edges: 120 }, 500);
    const k = 1.2;
    for (const [s, which] of [[scene, 'groups'], [small, 'all']] as const) {
      const t = { k, x: W / 2 - k * 250, y: H / 2 - k * 250 };
      const { labels, badges } = placeLabels(s, t, W, H, measure);
      const nodes = which === 'all' ? [...s.labelOrder] : [...s.groups];
      expect(labels.length).toBeGreaterThan(which === 'all' ? 20 : 0);
      for (const i of nodes) {
        const r = Math.max(s.radius[i]! * k, 1.5);
        const half = s.view.nodes[i]!.kind === 'group' ? 1.4 * r : r;
        const box = { x: t.x + k * s.positions[2 * i]! - half, y: t.y + k * s.positions[2 * i + 1]! - r, w: 2 * half, h: 2 * r };
        for (const l of labels) expect(overlaps(box, { ...l, h: LABEL_HEIGHT }), `label of ${l.node} over node ${i}`).toBe(false);
        for (const b of badges) expect(overlaps(box, { ...b, h: BADGE_HEIGHT }), `badge of ${b.node} over node ${i}`).toBe(false);
      }
    }
  });

  it('below the label zoom a big graph labels only findings, IoC hits and the selection', () => {
    const t = { k: 0.2, x: 0, y: 0 };
    const { labels } = placeLabels(scene, t, W, H, measure);
    for (const l of labels) expect(scene.tier[l.node]).toBeGreaterThanOrEqual(2);
    const zoomed = placeLabels(scene, { k: 1, x: -1000, y: -1000 }, W, H, measure);
    expect(zoomed.labels.some((l) => scene.tier[l.node] === 1)).toBe(true);
  });

  it('a selected node is labelled even where others crowd', () => {
    const s = 4321;
    const selected = sceneOf(LARGE_VIEW, 4000, { selected: new Set([s]) });
    const k = 0.3;
    const t = { k, x: W / 2 - k * selected.positions[2 * s]!, y: H / 2 - k * selected.positions[2 * s + 1]! };
    expect(placeLabels(selected, t, W, H, measure).labels.map((l) => l.node)).toContain(s);
  });

  it('labels off screen are not placed', () => {
    const { labels } = placeLabels(scene, { k: 1, x: -100_000, y: -100_000 }, W, H, measure);
    expect(labels).toEqual([]);
  });

  it('the occupancy grid refuses a box that touches a taken one, across cells', () => {
    const grid = new OccupancyGrid(64);
    expect(grid.take(60, 60, 10, 10)).toBe(true);
    expect(grid.free(69, 69, 40, 40)).toBe(false);
    expect(grid.free(70, 60, 10, 10)).toBe(true);
    expect(grid.free(-500, -500, 2000, 2000)).toBe(false);
  });
});

describe('HitIndex', () => {
  const scene = sceneOf({ ...SMALL_VIEW, destinations: 200, edges: 300 }, 2000);
  const hit = new HitIndex(scene);
  const pos = scene.positions;

  it('finds the node under a point, and nothing far from every node', () => {
    for (const i of [0, 5, 40, 150]) {
      expect(hit.nodeAt(pos[2 * i]! + 1, pos[2 * i + 1]!, 1)).toBe(i);
    }
    expect(hit.nodeAt(-500, -500, 1)).toBeNull();
  });

  it('is the brute force answer at random points', () => {
    const rand = mulberry32(9);
    for (let probe = 0; probe < 300; probe++) {
      const x = rand() * 2000;
      const y = rand() * 2000;
      let best: number | null = null;
      let gap = Infinity;
      for (let i = 0; i < scene.radius.length; i++) {
        const g = Math.hypot(pos[2 * i]! - x, pos[2 * i + 1]! - y) - Math.max(scene.radius[i]!, 3);
        if (g <= 4 && g < gap) {
          gap = g;
          best = i;
        }
      }
      expect(hit.nodeAt(x, y, 1)).toBe(best);
    }
  });

  it('a hidden node is never hit', () => {
    const view = scene.view;
    const visibleNodes = new Uint8Array(view.nodes.length).fill(1);
    visibleNodes[5] = 0;
    const hidden = new HitIndex(buildScene({ view, positions: pos, visibleNodes, visibleEdges: new Uint8Array(view.edges.source.length).fill(1), overlays: { reputation: false, anomaly: false, dimBenign: false }, edgeWidth: 'events', selected: new Set(), selectedEdge: null }));
    expect(hidden.nodeAt(pos[10]!, pos[11]!, 1)).not.toBe(5);
  });

  it('finds the edge nearest a point on its segment', () => {
    const e = 20;
    const s = scene.view.edges.source[e]!;
    const t = scene.view.edges.target[e]!;
    const mx = (pos[2 * s]! * 0.3 + pos[2 * t]! * 0.7);
    const my = (pos[2 * s + 1]! * 0.3 + pos[2 * t + 1]! * 0.7);
    const found = hit.edgeAt(mx, my, 1);
    expect(found).not.toBeNull();
    const d = (f: number) => segmentDistance(mx, my, pos[2 * scene.view.edges.source[f]!]!, pos[2 * scene.view.edges.source[f]! + 1]!, pos[2 * scene.view.edges.target[f]!]!, pos[2 * scene.view.edges.target[f]! + 1]!);
    expect(d(found as number)).toBeLessThan(1e-3);
    expect(hit.edgeAt(-900, -900, 1)).toBeNull();
  });

  it('segmentDistance', () => {
    expect(segmentDistance(5, 5, 0, 0, 10, 0)).toBe(5);
    expect(segmentDistance(-3, 4, 0, 0, 10, 0)).toBe(5);
    expect(segmentDistance(1, 1, 2, 2, 2, 2)).toBeCloseTo(Math.SQRT2);
  });
});

describe('fitTransform and keepOnScreen', () => {
  it('fits the bounds inside the surface, centred, not blown up past the cap', () => {
    const t = fitTransform([100, 200, 1100, 700], 1440, 900, { padding: 40, labelRoom: 140 });
    const [ax, ay] = toScreen(t, 100, 200);
    const [bx, by] = toScreen(t, 1100, 700);
    expect(ax).toBeGreaterThanOrEqual(40 - 1e-9);
    expect(bx).toBeLessThanOrEqual(1440 - 40 - 140 + 1e-9);
    expect(ay).toBeGreaterThanOrEqual(40 - 1e-9);
    expect(by).toBeLessThanOrEqual(900 - 40 + 1e-9);
    expect(Math.abs(ay - 40 - (900 - 40 - by))).toBeLessThan(1e-6);
    expect(fitTransform([0, 0, 10, 10], 1440, 900).k).toBe(1.4);
    expect(fitTransform([5, 5, 5, 5], 800, 600).k).toBe(1.4);
    expect(fitTransform(null, 800, 600)).toEqual({ k: 1, x: 400, y: 300 });
  });

  it('pans to an off-screen point, keeping the zoom, and leaves an on-screen one alone', () => {
    const t = { k: 2, x: 0, y: 0 };
    expect(keepOnScreen(t, 100, 100, 800, 600)).toBeNull();
    const moved = keepOnScreen(t, 1000, 100, 800, 600);
    expect(moved?.k).toBe(2);
    expect(toScreen(moved!, 1000, 100)).toEqual([400, 300]);
    expect(keepOnScreen(t, Number.NaN, 0, 800, 600)).toBeNull();
  });
});
