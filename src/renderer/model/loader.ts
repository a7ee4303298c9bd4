import type { GraphView, GraphViewQuery, Timeline, TimelineQuery } from '../../shared/graph-view-types.js';
import type { LoadKey } from './actions.js';
import type { ViewModel } from './view-model.js';
import type { FindingsPage, ServerQuery, ViewState } from './view-state.js';

/** Where the view's data comes from (the engine's client, or a stand-in in tests). */
export interface ViewSource {
  graphView(query: GraphViewQuery): Promise<GraphView>;
  /** Null when the engine has no timeline to give. */
  timeline(query: TimelineQuery): Promise<Timeline | null>;
  findings(caseId: string): Promise<FindingsPage>;
}

export interface LoaderOptions {
  /** How long the graph waits for typing to stop before it is fetched again. */
  searchDelayMs?: number;
  errorMessage?: (err: unknown) => string;
}

export function graphQueryOf(caseId: string, q: ServerQuery): GraphViewQuery {
  return {
    caseId,
    ...(q.search ? { search: q.search } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.hosts.length ? { hosts: [...q.hosts] } : {}),
    ...(q.processes.length ? { processes: [...q.processes] } : {}),
    ...(q.ports.length ? { ports: [...q.ports] } : {}),
    ...(q.protocols.length ? { protocols: [...q.protocols] } : {}),
    includeInternal: q.includeInternal,
    grouping: { ...q.grouping },
    expand: [...q.expanded],
  };
}

/** The timeline is of the whole case under the server filters: the brush moves over it, so it does not narrow it. */
export function timelineQueryOf(caseId: string, q: ServerQuery): TimelineQuery {
  const { from: _from, to: _to, grouping: _g, expand: _e, ...rest } = graphQueryOf(caseId, q);
  return { ...rest, bins: 200 };
}

/**
 * Keeps the model's loaded answers in step with what it asks for: whenever
 * the case, the server query or the revision changes, the graph (and, when the
 * filters change, the timeline; when the case, the revision or a note changes, the findings)
 * is fetched again; an answer to a question no longer asked is dropped.
 * Returns the stop function.
 */
export function startLoader(model: ViewModel, source: ViewSource, options: LoaderOptions = {}): () => void {
  const delay = options.searchDelayMs ?? 250;
  const describe = options.errorMessage ?? ((err: unknown) => (err instanceof Error ? err.message : String(err)));
  const asked: Record<LoadKey, string | null> = { graph: null, timeline: null, findings: null };
  let lastSearch: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const fetch = <T>(what: LoadKey, key: string, run: () => Promise<T | null>, done: (value: T) => void) => {
    asked[what] = key;
    model.dispatch({ type: 'loading', what });
    run()
      .then((value) => {
        if (asked[what] !== key) return;
        if (value === null) model.dispatch({ type: 'loadFailed', what, error: 'not available' });
        else done(value);
      })
      .catch((err: unknown) => asked[what] === key && model.dispatch({ type: 'loadFailed', what, error: describe(err) }));
  };

  const sync = (s: ViewState) => {
    const caseId = s.caseId;
    if (caseId === null) {
      asked.graph = asked.timeline = asked.findings = null;
      return;
    }
    const graphQuery = graphQueryOf(caseId, s.query);
    const graphKey = `${s.revision}:${JSON.stringify(graphQuery)}`;
    if (graphKey !== asked.graph) {
      const typing = lastSearch !== null && lastSearch !== s.query.search && asked.graph?.startsWith(`${s.revision}:`);
      lastSearch = s.query.search;
      if (timer) clearTimeout(timer);
      timer = null;
      const go = () => fetch('graph', graphKey, () => source.graphView(graphQuery), (value) => model.dispatch({ type: 'loaded', what: 'graph', value }));
      if (typing) {
        asked.graph = graphKey;
        timer = setTimeout(go, delay);
      } else go();
    }
    const timelineQuery = timelineQueryOf(caseId, s.query);
    const timelineKey = `${s.revision}:${JSON.stringify(timelineQuery)}`;
    if (timelineKey !== asked.timeline) fetch('timeline', timelineKey, () => source.timeline(timelineQuery), (value) => model.dispatch({ type: 'loaded', what: 'timeline', value }));
    const findingsKey = `${s.revision}:${s.notesRevision}:${caseId}`;
    if (findingsKey !== asked.findings) fetch('findings', findingsKey, () => source.findings(caseId), (value) => model.dispatch({ type: 'loaded', what: 'findings', value }));
  };

  // Loads dispatch into the model, which calls back here: only a change of the question fetches.
  const unsubscribe = model.subscribe(() => sync(model.getState()));
  sync(model.getState());
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    asked.graph = asked.timeline = asked.findings = '(stopped)';
  };
}
