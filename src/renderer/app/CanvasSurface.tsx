import { forwardRef, useMemo, useState } from 'react';
import type { GraphView } from '../../shared/graph-view-types.js';
import { GraphCanvas, type GraphCanvasHandle, type GraphCanvasProps } from '../graph/canvas/GraphCanvas.js';
import { applyPins, pinList } from '../../shared/graph-layout/layout-graph.js';
import { useGraphLayout } from '../graph/use-graph-layout.js';
import { nodeIndex } from '../model/selectors.js';
import type { LayoutMode } from '../model/view-state.js';

interface Props extends Omit<GraphCanvasProps, 'positions' | 'pinned' | 'onPin' | 'onUnpin'> {
  layout: LayoutMode;
  /** Node id → position the analyst pinned it at. */
  pins: Readonly<Record<string, readonly [number, number]>>;
  onPin(nodeId: string, x: number, y: number): void;
  onUnpin(nodeId: string): void;
}

interface Drawn {
  view: GraphView;
  positions: Float32Array;
  visibleNodes: Uint8Array;
  visibleEdges: Uint8Array;
}

/** Pins (by id) as node indices of a view. */
function pinnedOf(view: GraphView, pins: Props['pins']): Map<number, readonly [number, number]> | undefined {
  const index = nodeIndex(view);
  const map = new Map<number, readonly [number, number]>();
  for (const [id, at] of Object.entries(pins)) {
    const i = index.get(id);
    if (i !== undefined) map.set(i, at);
  }
  return map.size > 0 ? map : undefined;
}

/**
 * GraphCanvas over the layout worker. While a new answer is laid out, the
 * last drawing stays up (with its own masks: indices are per answer), so a
 * re-fetch never blanks the graph. Pins are laid over the positions at once:
 * a dropped node stays where it was dropped while the worker lays the
 * others out around it (force), and an undone pin stays until it has.
 */
export const CanvasSurface = forwardRef<GraphCanvasHandle, Props>(function CanvasSurface({ layout, pins, onPin, onUnpin, ...props }, ref) {
  const { view, visibleNodes, visibleEdges } = props;
  const pinned = useMemo(() => pinnedOf(view, pins), [view, pins]);
  const layoutResult = useGraphLayout(view, layout, pinned);
  const { progress, error } = layoutResult;
  const positions = useMemo(
    () => (layoutResult.positions && pinned ? applyPins(layoutResult.positions.slice(), pinList(pinned, view.nodes.length)) : layoutResult.positions),
    [layoutResult.positions, pinned, view],
  );
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const drawnPinned = useMemo(() => new Set(drawn ? (pinnedOf(drawn.view, pins)?.keys() ?? []) : []), [drawn, pins]);
  if (positions && (drawn?.positions !== positions || drawn.visibleNodes !== visibleNodes || drawn.visibleEdges !== visibleEdges)) {
    setDrawn({ view, positions, visibleNodes, visibleEdges });
  }
  if (error) return <div className="empty error">The layout failed: {error}</div>;
  if (!drawn) return <div className="empty muted">Laying out {view.nodes.length.toLocaleString('en-US')} nodes… {Math.round(progress * 100)} %</div>;
  const current = drawn.view === view;
  return (
    <GraphCanvas
      ref={ref}
      {...props}
      view={drawn.view}
      positions={drawn.positions}
      visibleNodes={drawn.visibleNodes}
      visibleEdges={drawn.visibleEdges}
      // Indices of a newer answer mean nothing in the old drawing.
      selected={current ? props.selected : empty}
      selectedEdge={current ? props.selectedEdge : null}
      focus={current ? props.focus : null}
      pinned={drawnPinned}
      onSelect={(target, additive) => current && props.onSelect(target, additive)}
      onPin={(node, x, y) => {
        const id = drawn.view.nodes[node]?.id;
        if (current && id !== undefined) onPin(id, x, y);
      }}
      onUnpin={(node) => {
        const id = drawn.view.nodes[node]?.id;
        if (current && id !== undefined) onUnpin(id);
      }}
    />
  );
});

const empty: ReadonlySet<number> = new Set();
