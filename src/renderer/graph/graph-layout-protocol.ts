import type { LayoutGraph, PinList } from '../../shared/graph-layout/layout-graph.js';

export type LayoutMode = 'columns' | 'force';

export interface LayoutRequest {
  id: number;
  mode: LayoutMode;
  graph: LayoutGraph;
  pins: PinList;
}

/** Progress as it goes, then the positions (x = 2i, y = 2i + 1), or an error. */
export type LayoutResponse = { id: number; progress: number; positions?: Float32Array } | { id: number; error: string };
