import { describe, expect, it } from 'vitest';
import { shiftPlacement, splitForDrag } from '../../src/renderer/graph/canvas/drag-scene.js';
import { DRAG_THRESHOLD_PX, NodeDrag } from '../../src/renderer/graph/canvas/drag.js';
import { exportSvg } from '../../src/renderer/graph/canvas/export-svg.js';
import { BADGE_HEIGHT, LABEL_HEIGHT, placeLabels, type Measure } from '../../src/renderer/graph/canvas/labels.js';
import { lightPalette } from '../../src/renderer/graph/canvas/palette.js';
import { pinMark, pinMarkBox } from '../../src/renderer/graph/canvas/pin-mark.js';
import { buildScene } from '../../src/renderer/graph/canvas/scene.js';
import { NODE_PINNED, type Scene } from '../../src/renderer/graph/canvas/scene-types.js';
import { generateGraphView, SMALL_VIEW } from '../helpers/graph-view-gen.js';
import { mulberry32 } from '../helpers/prng.js';

describe('NodeDrag', () => {
  it('a press that moves less than the threshold is a click, not a drag', () => {
    const drag = new NodeDrag();
    drag.press(7, 100, 100, 102, 99);
    expect(drag.pressed).toBe(true);
    expect(drag.move(102, 101)).toBe('none');
    expect(drag.move(100 + DRAG_THRESHOLD_PX - 0.5, 100)).toBe('none');
    expect(drag.active).toBe(false);
    expect(drag.release()).toEqual({ node: 7, dragged: false });
    expect(drag.pressed).toBe(false);
  });

  it('past the threshold the node follows the pointer, keeping where it was grabbed, and the release is a drop', () => {
    const drag = new NodeDrag();
    // Grabbed 2 px right of and 1 px below its centre.
    drag.press(3, 50, 60, 48, 59);
    expect(drag.move(50, 60 + DRAG_THRESHOLD_PX)).toBe('start');
    expect(drag.active).toBe(true);
    expect(drag.at()).toEqual([48, 59 + DRAG_THRESHOLD_PX]);
    expect(drag.move(51, 61)).toBe('move');
    expect(drag.move(150, 160)).toBe('move');
    expect(drag.at()).toEqual([148, 159]);
    expect(drag.release()).toEqual({ node: 3, dragged: true });
    expect(drag.release()).toBeNull();
  });

  it('does nothing without a press; a reset forgets the press', () => {
    const drag = new NodeDrag();
    expect(drag.move(500, 500)).toBe('none');
    drag.press(1, 0, 0, 0, 0);
    drag.move(20, 0);
    drag.reset();
    expect([drag.pressed, drag.active, drag.release()]).toEqual([false, false, null]);
  });
});

const measure: Measure = (text, font) => text.length * (font === 'label' ? 6 : 5.5);

function scene(pinned: ReadonlySet<number> = new Set()): Scene {
  const view = generateGraphView({ ...SMALL_VIEW, destinations: 60, edges: 120 });
  const n = view.nodes.length;
  const rand = mulberry32(4);
  return buildScene({
    view,
    positions: new Float32Array(2 * n).map(() => rand() * 600),
    visibleNodes: new Uint8Array(n).fill(1),
    visibleEdges: new Uint8Array(view.edges.source.length).fill(1),
    overlays: { reputation: true, anomaly: true, dimBenign: false },
    edgeWidth: 'events',
    selected: new Set([2]),
    selectedEdge: null,
    pinned,
  });
}

const all = (lists: { edges?: Uint32Array; nodes?: Uint32Array }[], key: 'edges' | 'nodes') => lists.flatMap((l) => [...(l[key] ?? [])]);

describe('splitForDrag', () => {
  const s = scene();
  const t = { k: 1, x: 0, y: 0 };
  const placement = placeLabels(s, t, 800, 800, measure);
  // A process: it has edges to its host and destinations.
  const node = s.view.nodes.findIndex((n) => n.kind === 'process');
  const split = splitForDrag(s, node, placement);
  const { source, target } = s.view.edges;

  it('the backdrop and the moving layer together draw the scene once: the node, its edges and neighbours move, the rest stays', () => {
    const edges = all(s.edgeBatches, 'edges').sort((a, b) => a - b);
    expect([...all(split.backdrop.edgeBatches, 'edges'), ...all(split.layer.edgeBatches, 'edges')].sort((a, b) => a - b)).toEqual(edges);
    for (const e of all(split.layer.edgeBatches, 'edges')) expect(source[e] === node || target[e] === node).toBe(true);
    for (const e of all(split.backdrop.edgeBatches, 'edges')) expect(source[e] !== node && target[e] !== node).toBe(true);
    const nodes = all(s.nodeBatches, 'nodes').sort((a, b) => a - b);
    const layerNodes = all(split.layer.nodeBatches, 'nodes');
    expect([...all(split.backdrop.nodeBatches, 'nodes'), ...layerNodes].sort((a, b) => a - b)).toEqual(nodes);
    expect(layerNodes).toContain(node);
    expect(layerNodes.length).toBeGreaterThan(1);
    // Batches keep their style: an edge is drawn in the layer as it was.
    expect(split.layer.edgeBatches.every((b) => s.edgeBatches.some((o) => o.colour === b.colour && o.width === b.width && o.alpha === b.alpha))).toBe(true);
  });

  it('moves only a copy of the positions; the dragged node is drawn pinned; its label and badge move with it', () => {
    expect(split.positions).not.toBe(s.positions);
    split.positions[2 * node] = -999;
    expect(s.positions[2 * node]).not.toBe(-999);
    expect(split.whole.positions).toBe(split.positions);
    expect([...split.layer.pinned]).toEqual([node]);
    expect([...split.backdrop.pinned]).toEqual([]);
    expect(split.before).toBe(s);
    expect(split.backdropPlacement.labels.some((l) => l.node === node)).toBe(false);
    expect(split.layerPlacement.labels.every((l) => l.node === node)).toBe(true);
    expect(split.backdropPlacement.labels.length + split.layerPlacement.labels.length).toBe(placement.labels.length);
    const moved = shiftPlacement(placement, 10, -5);
    expect(moved.labels.map((l) => [l.x, l.y])).toEqual(placement.labels.map((l) => [l.x + 10, l.y - 5]));
  });
});

describe('pinned nodes in the scene and the SVG export', () => {
  it('flags and lists the pinned visible nodes, and the export draws a pin mark for each', () => {
    const s = scene(new Set([0, 5]));
    expect([...s.pinned]).toEqual([0, 5]);
    expect(s.nodeFlags[5]! & NODE_PINNED).toBe(NODE_PINNED);
    expect(s.nodeFlags[4]! & NODE_PINNED).toBe(0);
    const t = { k: 1, x: 0, y: 0 };
    const svg = exportSvg(s, t, 800, 800, lightPalette, { labels: [], badges: [] });
    const m = pinMark(s.positions[10]!, s.positions[11]!, s.radius[5]!);
    expect(svg).toContain(`<circle cx="${Math.round(m.hx * 100) / 100}" cy="${Math.round(m.hy * 100) / 100}" r="${m.hr}" fill="${lightPalette.text}" stroke="${lightPalette.bg}"`);
    const heads = /r="3" fill="[^"]+" stroke="[^"]+" stroke-width="1"/g;
    expect(svg.match(heads)).toHaveLength(2);
    expect(exportSvg(scene(), t, 800, 800, lightPalette, { labels: [], badges: [] })).not.toMatch(heads);
  });

  it('the mark sits below the node, its needle ending on the node’s edge, inside the box labels keep clear', () => {
    const m = pinMark(100, 100, 10);
    expect([m.hx, m.nx, m.ny]).toEqual([100, 100, 110]);
    expect(m.hy - m.hr).toBeGreaterThan(110);
    const [x, y, w, h] = pinMarkBox(10);
    expect(100 + x).toBeLessThan(m.hx - m.hr);
    expect(100 + x + w).toBeGreaterThan(m.hx + m.hr);
    expect(100 + y).toBeLessThanOrEqual(m.ny);
    expect(100 + y + h).toBeGreaterThan(m.hy + m.hr);
  });

  it('no label or badge covers a pin mark, in a small graph and a big one', () => {
    for (const size of [{ ...SMALL_VIEW, destinations: 60, edges: 120 }, { ...SMALL_VIEW, hosts: 20, processes: 80, destinations: 500, edges: 900 }]) {
      const view = generateGraphView(size);
      const n = view.nodes.length;
      const rand = mulberry32(8);
      const pinned = new Set(Array.from({ length: n }, (_, i) => i).filter(() => rand() < 0.3));
      const s = buildScene({
        view,
        positions: new Float32Array(2 * n).map(() => rand() * 900),
        visibleNodes: new Uint8Array(n).fill(1),
        visibleEdges: new Uint8Array(view.edges.source.length).fill(1),
        overlays: { reputation: true, anomaly: true, dimBenign: false },
        edgeWidth: 'events',
        selected: new Set([1]),
        selectedEdge: null,
        pinned,
      });
      const t = { k: 1, x: 0, y: 0 };
      const placement = placeLabels(s, t, 900, 900, measure);
      expect(placement.labels.length).toBeGreaterThan(10);
      // The selection's and its neighbours' labels are placed first, over anything: the others keep clear of every pin.
      const later = (node: number) => (s.tier[node] as number) < 3;
      const boxes = [
        ...placement.labels.filter((l) => later(l.node)).map((l) => [l.x, l.y, l.w, LABEL_HEIGHT] as const),
        ...placement.badges.filter((b) => later(b.node)).map((b) => [b.x, b.y, b.w, BADGE_HEIGHT] as const),
      ];
      let checked = 0;
      for (const i of s.pinned) {
        const r = Math.max(s.radius[i]!, 1.5);
        const [x, y, w, h] = pinMarkBox(r);
        const px = s.positions[2 * i]! + x;
        const py = s.positions[2 * i + 1]! + y;
        for (const [bx, by, bw, bh] of boxes) expect(px < bx + bw && bx < px + w && py < by + bh && by < py + h, `pin of ${i}`).toBe(false);
        checked++;
      }
      expect(checked).toBeGreaterThan(5);
    }
  });
});
