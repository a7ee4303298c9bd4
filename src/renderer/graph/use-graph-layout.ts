import { useEffect, useState } from 'react';
import type { GraphView } from '../../shared/graph-view-types.js';
import type { LayoutMode, LayoutRequest, LayoutResponse } from './graph-layout-protocol.js';
import { layoutGraphOf, pinList } from '../../shared/graph-layout/layout-graph.js';

export interface GraphLayout {
  positions: Float32Array | null;
  /** 0..1 while the layout runs; 1 once positions are the current request's. */
  progress: number;
  error?: string;
}

interface Done {
  view: GraphView;
  mode: LayoutMode;
  pinned: ReadonlyMap<number, readonly [number, number]> | undefined;
  positions: Float32Array | null;
  progress: number;
  error?: string;
}

let nextId = 1;

/**
 * Positions for a GraphView, computed in a Web Worker (columns, or the
 * seeded force layout with progress) and handed back by transfer. A new
 * request terminates the previous worker, so a stale layout never lands on a
 * newer view. While a new layout of the same view runs (another mode, a pin),
 * the previous positions stay on screen.
 */
export function useGraphLayout(view: GraphView | null, mode: LayoutMode, pinned?: ReadonlyMap<number, readonly [number, number]>): GraphLayout {
  const [state, setState] = useState<Done | null>(null);

  useEffect(() => {
    if (!view) return;
    const id = nextId++;
    const graph = layoutGraphOf(view);
    const request: LayoutRequest = { id, mode, graph, pins: pinList(pinned, view.nodes.length) };
    const worker = new Worker(new URL('./graph-layout.worker.ts', import.meta.url), { type: 'module' });
    const update = (patch: Partial<Done>) =>
      setState((prev) => ({ view, mode, pinned, positions: prev?.view === view ? prev.positions : null, progress: 0, ...patch }));
    worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
      const data = event.data;
      if (data.id !== id) return;
      if ('error' in data) update({ error: data.error, progress: 1 });
      else if (data.positions) update({ positions: data.positions, progress: 1 });
      else update({ progress: data.progress });
    };
    worker.onerror = (event) => update({ error: event.message || 'the layout worker stopped', progress: 1 });
    worker.postMessage(request, [graph.kinds.buffer, graph.source.buffer, graph.target.buffer, request.pins.buffer]);
    return () => worker.terminate();
  }, [view, mode, pinned]);

  if (!view || !state || state.view !== view) return { positions: null, progress: 0 };
  const current = state.mode === mode && state.pinned === pinned;
  return { positions: state.positions, progress: current ? state.progress : 0, ...(state.error ? { error: state.error } : {}) };
}
