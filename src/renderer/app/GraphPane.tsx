import { forwardRef, useMemo } from 'react';
import { viewEdgeId } from '../../shared/graph-view-types.js';
import { plural } from '../format.js';
import { countView, edgeIndexOf, filtering, indicesOf, searchMatch, selectVisibility } from '../model/selectors.js';
import { current } from '../model/view-state.js';
import type { GraphCanvasHandle } from '../graph/canvas/GraphCanvas.js';
import { GraphLegend } from '../graph/canvas/GraphLegend.js';
import { CanvasSurface } from './CanvasSurface.js';
import { NodeList } from './NodeList.js';
import { useModel, useView } from './use-model.js';

interface Props {
  /** The case has no telemetry yet. */
  emptyCase: boolean;
}

/**
 * The graph as the model has it: the last answer, what the filters leave
 * drawn, the selection as indices; states for loading, errors, an empty
 * case and filters that leave nothing.
 */
export const GraphPane = forwardRef<GraphCanvasHandle, Props>(function GraphPane({ emptyCase }, ref) {
  const model = useModel();
  const graph = useView((s) => s.loaded.graph);
  const filters = useView((s) => s.filters);
  const hidden = useView((s) => s.hidden);
  const query = useView((s) => s.query);
  const overlays = useView((s) => s.overlays);
  const edgeWidth = useView((s) => s.edgeWidth);
  const selection = useView((s) => s.selection);
  const selectedEdgeId = useView((s) => s.selectedEdge);
  const layout = useView((s) => s.layout);
  const pins = useView((s) => s.pins);
  const view = current(graph);
  const vis = useMemo(() => (view ? selectVisibility(view, { filters, hidden, query }) : null), [view, filters, hidden, query]);
  const selected = useMemo(() => (view ? indicesOf(view, selection) : new Set<number>()), [view, selection]);
  const focus = useMemo(() => (view ? (selected.size > 0 ? [...selected].pop() ?? null : searchMatch(view, query.search)) : null), [view, selected, query.search]);

  if (graph.status === 'error' && !view)
    return (
      <div className="empty" role="alert">
        <p className="error">The graph could not be read: {graph.error}</p>
        <button type="button" onClick={() => model.dispatch({ type: 'refresh' })}>
          Try again
        </button>
      </div>
    );
  if (!view || !vis) return <div className="empty muted">{graph.status === 'idle' ? '' : 'Loading the graph…'}</div>;
  const counts = countView(view, vis);
  const pinCount = Object.keys(pins).length;
  const edge = edgeIndexOf(view, selectedEdgeId);
  const stale = graph.status === 'loading';
  // An empty answer says so in the middle of the pane: no line of zeros over it, no key to an empty drawing.
  const drawn = view.nodes.length > 0;
  return (
    <>
      {(drawn || stale || graph.status === 'error') && (
      <div className="graph-stats" data-testid="graph-stats" aria-busy={stale}>
        {plural(counts.shown.host, 'host')} · {plural(counts.shown.process, 'process')} · {plural(counts.shown.destination, 'destination')}
        {counts.shown.group > 0 && ` · ${plural(counts.shown.group, 'group')}`} · {plural(counts.shown.edges, 'edge')}
        {counts.shown.edges < counts.all.edges && ` of ${counts.all.edges}`}
        {view.folded.destinations > 0 && ` · ${plural(view.folded.destinations, 'quieter destination')} folded`}
        {pinCount > 0 && (
          <>
            {' · '}
            {plural(pinCount, 'pinned node')}{' '}
            <button type="button" className="link-button" data-testid="unpin-all" onClick={() => model.dispatch({ type: 'unpinAll' })}>
              Unpin all
            </button>
          </>
        )}
        {stale && ' · updating…'}
        {graph.status === 'error' && <span className="error"> · could not update: {graph.error}</span>}
      </div>
      )}
      {view.nodes.length === 0 ? (
        <div className="empty" data-testid="empty-case">
          {emptyCase ? (
            <>
              <h2>This case has no telemetry yet</h2>
              <p>Import Zeek, Sysmon, NetFlow, Suricata or firewall logs, or any CSV export of a SIEM or EDR, with “Import files…”, or drop files anywhere on this window.</p>
            </>
          ) : (
            <p>Nothing matches the search or filters.</p>
          )}
        </div>
      ) : counts.shown.edges === 0 && (filtering(filters) || hidden.length > 0 || query.from !== null || query.to !== null) ? (
        <div className="empty" data-testid="empty-filtered">
          <p>Nothing left drawn: the filters hide every connection.</p>
          <button type="button" onClick={() => model.dispatch({ type: 'resetFilters' })}>
            Reset filters
          </button>
        </div>
      ) : (
        <div className="surface" data-testid="graph-surface" data-selected-edge={edge === null ? '' : viewEdgeId(view, edge)} data-visible-edges={counts.shown.edges}>
          <CanvasSurface
            ref={ref}
            layout={layout}
            pins={pins}
            view={view}
            visibleNodes={vis.nodes}
            visibleEdges={vis.edges}
            overlays={overlays}
            edgeWidth={edgeWidth}
            selected={selected}
            selectedEdge={edge}
            focus={focus}
            onSelect={(target, additive) => {
              if (target === null) model.dispatch({ type: 'select', nodeId: null });
              else if ('node' in target) model.dispatch({ type: 'select', nodeId: view.nodes[target.node]?.id ?? null, additive });
              else model.dispatch({ type: 'selectEdge', edgeId: viewEdgeId(view, target.edge) });
            }}
            onPin={(nodeId, x, y) => model.dispatch({ type: 'pin', nodeId, x, y })}
            onUnpin={(nodeId) => model.dispatch({ type: 'unpin', nodeIds: [nodeId] })}
          />
          <NodeList
            view={view}
            visibleNodes={vis.nodes}
            selected={selected}
            pins={pins}
            onSelect={(i, additive) => model.dispatch({ type: 'select', nodeId: view.nodes[i]?.id ?? null, additive })}
            onUnpin={(nodeId) => model.dispatch({ type: 'unpin', nodeIds: [nodeId] })}
          />
        </div>
      )}
      {drawn && <GraphLegend overlays={overlays} edgeWidth={edgeWidth} view={view} pinned={pinCount > 0} />}
    </>
  );
});
