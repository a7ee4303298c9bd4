import type { GraphView } from '../../shared/graph-view-types.js';

/**
 * What the graph pane hands its drawing surface: GraphCanvasProps of
 * src/renderer/graph/canvas/GraphCanvas.tsx less `positions` (the surface
 * lays out itself until GraphCanvas and useGraphLayout are in).
 */
export interface SurfaceProps {
  view: GraphView;
  visibleNodes: Uint8Array;
  visibleEdges: Uint8Array;
  overlays: { reputation: boolean; anomaly: boolean; dimBenign: boolean };
  edgeWidth: 'events' | 'bytes';
  selected: ReadonlySet<number>;
  selectedEdge: number | null;
  focus: number | null;
  onSelect(target: { node: number } | { edge: number } | null, additive: boolean): void;
}

export interface SurfaceHandle {
  fitToView(): void;
  exportSvg(): string;
  exportPng(): Promise<Blob>;
}
