import { forwardRef, useMemo, useState } from 'react';
import type { GraphView } from '../../shared/graph-view-types.js';
import { GraphCanvas, type GraphCanvasHandle, type GraphCanvasProps } from '../graph/canvas/GraphCanvas.js';
import { useGraphLayout } from '../graph/use-graph-layout.js';
import { nodeIndex } from '../model/selectors.js';
import type { LayoutMode } from '../model/view-state.js';

interface Props extends Omit<GraphCanvasProps, 'positions'> {
  layout: LayoutMode;
  /** Node id → position the analyst pinned it at. */
  pins: Readonly<Record<string, readonly [number, number]>>;
}

interface Drawn {
  view: GraphView;
  positions: Float32Array;
  visibleNodes: Uint8Array;
  visibleEdges: Uint8Array;
}

/**
 * GraphCanvas over the layout worker. While a new answer is laid out, the
 * last drawing stays up (with its own masks: indices are per answer), so a
 * re-fetch never blanks the graph.
 */
export const CanvasSurface = forwardRef<GraphCanvasHandle, Props>(function CanvasSurface({ layout, pins, ...props }, ref) {
  const { view, visibleNodes, visibleEdges } = props;
  const pinned = useMemo(() => {
    const index = nodeIndex(view);
    const map = new Map<number, readonly [number, number]>();
    for (const [id, at] of Object.entries(pins)) {
      const i = index.get(id);
      if (i !== undefined) map.set(i, at);
    }
    return map.size > 0 ? map : undefined;
  }, [view, pins]);
  const { positions, progress, error } = useGraphLayout(view, layout, pinned);
  const [drawn, setDrawn] = useState<Drawn | null>(null);
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
      onSelect={(target, additive) => current && props.onSelect(target, additive)}
    />
  );
});

const empty: ReadonlySet<number> = new Set();
