import { createRef } from 'react';
import { createRoot } from 'react-dom/client';
import type { GraphView } from '../../src/shared/graph-view-types.js';
import { GraphCanvas, type GraphCanvasHandle } from '../../src/renderer/graph/canvas/GraphCanvas.js';
import { GraphLegend } from '../../src/renderer/graph/canvas/GraphLegend.js';
import { HitIndex } from '../../src/renderer/graph/canvas/hit-test.js';
import { buildScene } from '../../src/renderer/graph/canvas/scene.js';
import { fitTransform } from '../../src/renderer/graph/canvas/transform.js';
import { columnsLayout } from '../../src/shared/graph-layout/columns-layout.js';
import { forceLayout } from '../../src/renderer/graph/force-layout.js';
import { layoutGraphOf } from '../../src/shared/graph-layout/layout-graph.js';
import { generateGraphView, LARGE_VIEW, SMALL_VIEW } from '../../test/helpers/graph-view-gen.js';
import { drawSvgPeer } from './svg-peer.js';

/**
 * The benchmark page (bundled into bench/.tmp by graph-canvas.bench.js, never
 * shipped): ?renderer=canvas|svg&size=large|small&layout=force|columns&select=1.
 * A script loaded before it may set window.benchView to a getGraphView answer to draw.
 * It generates the view, lays it out, draws it, and answers the runner
 * through window.bench.
 */
const params = new URLSearchParams(location.search);
const renderer = params.get('renderer') ?? 'canvas';
// A real getGraphView answer, when a script before this one put it on window.benchView (screenshots of a case).
const given = (window as unknown as { benchView?: GraphView }).benchView;
const view = given ?? generateGraphView(params.get('size') === 'small' ? SMALL_VIEW : LARGE_VIEW);
const n = view.nodes.length;
const m = view.edges.source.length;
const graph = layoutGraphOf(view);
const layoutStarted = performance.now();
const positions = params.get('layout') === 'columns' ? columnsLayout(graph, new Float64Array()) : forceLayout(graph, new Float64Array());
const layoutMs = performance.now() - layoutStarted;

const frames: number[] = [];
let recording = false;
let last = 0;
const tick = (now: number) => {
  if (recording && last) frames.push(now - last);
  last = now;
  if (recording) requestAnimationFrame(tick);
};
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));

const host = document.getElementById('app') as HTMLElement;
const handle = createRef<GraphCanvasHandle>();
const selectedNode = view.nodes.findIndex((x) => x.finding?.severity === 'high');
const selected = params.get('select') ? new Set([selectedNode]) : new Set<number>();
const visibleNodes = new Uint8Array(n).fill(1);
const visibleEdges = new Uint8Array(m).fill(1);
const overlays = { reputation: true, anomaly: true, dimBenign: true };
let hovered = '';
const selections: { target: unknown; additive: boolean }[] = [];
const pins: [number, number, number][] = [];

async function firstDraw(): Promise<number> {
  const started = performance.now();
  if (renderer === 'svg') {
    drawSvgPeer(host, view, positions, host.clientWidth, host.clientHeight);
    return (await nextFrame()) - started;
  }
  createRoot(host).render(
    <>
      <GraphCanvas
        ref={handle}
        view={view}
        positions={positions}
        visibleNodes={visibleNodes}
        visibleEdges={visibleEdges}
        overlays={overlays}
        edgeWidth="events"
        selected={selected}
        selectedEdge={null}
        focus={null}
        onSelect={(target, additive) => selections.push({ target, additive })}
        onHover={(t) => (hovered = t ? JSON.stringify(t) : '')}
        onPin={(node, x, y) => pins.push([node, x, y])}
      />
      <div style={{ position: 'absolute', right: 8, bottom: 8 }}>
        <GraphLegend overlays={overlays} edgeWidth="events" view={view} />
      </div>
    </>,
  );
  const canvas = () => host.querySelector('canvas');
  while (!canvas()?.dataset.frames) await nextFrame();
  return (await nextFrame()) - started;
}

/**
 * Mean time of one hover hit test at points spread over the surface, at the
 * fitted view: elementFromPoint for the SVG; for the canvas the quadtree
 * alone (nodes) and the whole test (a node, else the nearest edge segment).
 */
function hitTestMicros(): { node: number; any: number } {
  const points = Array.from({ length: 500 }, (_, i) => [((i * 7919) % host.clientWidth) + 0.5, ((i * 104729) % host.clientHeight) + 0.5] as const);
  const micros = (f: (x: number, y: number) => unknown) => {
    const started = performance.now();
    for (const [x, y] of points) f(x, y);
    return ((performance.now() - started) / points.length) * 1000;
  };
  if (renderer === 'svg') {
    const each = micros((x, y) => document.elementFromPoint(x, y));
    return { node: each, any: each };
  }
  // The index is built with the scene, not per pointer move.
  const scene = buildScene({ view, positions, visibleNodes, visibleEdges, overlays, edgeWidth: 'events', selected, selectedEdge: null });
  const index = new HitIndex(scene);
  const t = fitTransform(scene.bounds, host.clientWidth, host.clientHeight);
  const world = (x: number, y: number) => [(x - t.x) / t.k, (y - t.y) / t.k] as const;
  return {
    node: micros((x, y) => index.nodeAt(...world(x, y), t.k)),
    any: micros((x, y) => index.nodeAt(...world(x, y), t.k) ?? index.edgeAt(...world(x, y), t.k)),
  };
}

const ready = firstDraw();
Object.assign(window, {
  bench: {
    ready,
    layoutMs,
    nodes: n,
    edges: m,
    startFrames() {
      frames.length = 0;
      last = 0;
      recording = true;
      requestAnimationFrame(tick);
    },
    stopFrames() {
      recording = false;
      return frames.slice();
    },
    /** The last full frame's drawing time (the canvas's own figure), and how many it drew. */
    lastFullMs: () => Number(host.querySelector('canvas')?.dataset.fullMs ?? Number.NaN),
    fullFrames: () => Number(host.querySelector('canvas')?.dataset.frames ?? 0),
    hitTestMicros,
    hovered: () => hovered,
    exportSvg: () => handle.current?.exportSvg() ?? '',
    exportPngBytes: async () => (await handle.current?.exportPng())?.size ?? 0,
    fit: () => handle.current?.fitToView(),
    selections: () => selections.slice(),
    pins: () => pins.slice(),
    /** Frames drawn while dragging a node, and the last one's drawing time (the canvas's own figures). */
    dragFrames: () => Number(host.querySelector('canvas')?.dataset.dragFrames ?? 0),
    lastDragMs: () => Number(host.querySelector('canvas')?.dataset.dragMs ?? Number.NaN),
    screenPosition: (node: number) => handle.current?.screenPosition(node) ?? null,
    /** A point on an edge, away from both ends (a third of the way). */
    edgePoint: (edge: number) => {
      const a = handle.current?.screenPosition(view.edges.source[edge] as number);
      const b = handle.current?.screenPosition(view.edges.target[edge] as number);
      return a && b ? [a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3] : null;
    },
  },
});
