import type { Action } from './actions.js';
import { defaultFilters, defaultSeen, idleLoaded, type Loadable, type SeenState, type ServerQuery, type ViewState } from './view-state.js';

/** Most nodes an analyst can select, hide or pin at once: past it the oldest are dropped (the URL carries them). */
export const MAX_IDS = 500;

/**
 * The pure step from one state to the next (undo/redo are the store's).
 * Returns the same object when nothing changes, so the store records no step
 * and wakes no view for a no-op.
 */
export function reduce(state: ViewState, action: Action): ViewState {
  switch (action.type) {
    case 'openCase':
      if (action.caseId === state.caseId) return state;
      // Another case: its own view of everything, nothing carried over.
      return { ...state, ...defaultSeen, caseId: action.caseId, loaded: idleLoaded };
    case 'setView':
      return action.view === state.view ? state : { ...state, view: action.view };
    case 'setTheme':
      return action.theme === state.theme ? state : { ...state, theme: action.theme };
    case 'refresh':
      return { ...state, revision: state.revision + 1 };
    case 'notesChanged':
      return { ...state, notesRevision: state.notesRevision + 1 };
    case 'restore': {
      const sameCase = action.caseId === state.caseId;
      return { ...state, ...action.seen, caseId: action.caseId, view: action.view, loaded: sameCase ? state.loaded : idleLoaded };
    }
    case 'select': {
      if (action.nodeId === null) return seen(state, { selection: [], selectedEdge: null, selectedFinding: null });
      if (!action.additive) return seen(state, { selection: [action.nodeId], selectedEdge: null, selectedFinding: null });
      const has = state.selection.includes(action.nodeId);
      return seen(state, { selection: has ? state.selection.filter((id) => id !== action.nodeId) : capped([...state.selection, action.nodeId]) });
    }
    case 'selectNodes':
      return seen(state, { selection: capped(unique(action.nodeIds)), selectedEdge: null, selectedFinding: null });
    case 'selectEdge':
      return seen(state, { selection: [], selectedEdge: action.edgeId, selectedFinding: null });
    case 'selectFinding':
      return seen(state, {
        selectedFinding: action.findingId,
        selectedEdge: action.findingId === null ? null : (action.edgeId ?? null),
        selection: action.findingId !== null && action.nodeId ? [action.nodeId] : [],
      });
    case 'setSearch':
      return query(state, { search: action.search.slice(0, 200) });
    case 'setTimeRange': {
      // A brush dragged backwards is the same range.
      const [from, to] = action.from !== null && action.to !== null && action.from > action.to ? [action.to, action.from] : [action.from, action.to];
      return query(state, { from, to });
    }
    case 'setHosts':
      return query(state, { hosts: unique(action.hosts).slice(0, 200) });
    case 'setProcesses':
      return query(state, { processes: unique(action.processes).slice(0, 200) });
    case 'setPorts':
      return query(state, { ports: unique(action.ports.filter((p) => Number.isInteger(p) && p >= 0 && p <= 65_535)).slice(0, 200) });
    case 'setProtocols':
      return query(state, { protocols: unique(action.protocols.map((p) => p.toLowerCase())).slice(0, 20) });
    case 'setIncludeInternal':
      return query(state, { includeInternal: action.includeInternal });
    case 'setGrouping':
      // Groups of another grouping have other ids: what was expanded no longer exists.
      return query(state, { grouping: { ...state.query.grouping, ...action.grouping }, expanded: [] });
    case 'expandGroup':
      if (state.query.expanded.includes(action.groupId)) return state;
      // An expanded group is no longer drawn: its members are, so it is no longer selected either.
      return seen(state, {
        query: { ...state.query, expanded: [...state.query.expanded, action.groupId].slice(-MAX_IDS) },
        selection: state.selection.filter((id) => id !== action.groupId),
      });
    case 'collapseGroup':
      return query(state, { expanded: state.query.expanded.filter((id) => id !== action.groupId) });
    case 'setMinScore':
      return filters(state, { minScore: Math.min(1, Math.max(0, Number.isFinite(action.minScore) ? action.minScore : 0)) });
    case 'toggleSeverity':
      return filters(state, { severities: toggle(state.filters.severities, action.severity) });
    case 'toggleKind':
      return filters(state, { kinds: toggle(state.filters.kinds, action.kind) });
    case 'setOnlyIoc':
      return filters(state, { onlyIoc: action.on });
    case 'setOnlyFindings':
      return filters(state, { onlyFindings: action.on });
    case 'resetFilters':
      return seen(state, { filters: defaultFilters, query: { ...state.query, search: '', from: null, to: null, hosts: [], processes: [], ports: [], protocols: [], includeInternal: true } });
    case 'setOverlay':
      return seen(state, { overlays: { ...state.overlays, [action.overlay]: action.on } });
    case 'setLayout':
      return seen(state, { layout: action.layout });
    case 'setEdgeWidth':
      return seen(state, { edgeWidth: action.edgeWidth });
    case 'pin': {
      if (!Number.isFinite(action.x) || !Number.isFinite(action.y)) return state;
      // The node pinned last is the newest: past MAX_IDS the oldest pins go.
      const pins = withoutKeys(state.pins, [action.nodeId]);
      Object.defineProperty(pins, action.nodeId, { value: [action.x, action.y], enumerable: true, configurable: true, writable: true });
      const ids = Object.keys(pins);
      return seen(state, { pins: ids.length > MAX_IDS ? withoutKeys(pins, ids.slice(0, ids.length - MAX_IDS)) : pins });
    }
    case 'unpin':
      return seen(state, { pins: withoutKeys(state.pins, action.nodeIds) });
    case 'unpinAll':
      return seen(state, { pins: {} });
    case 'hideNodes': {
      const hidden = capped(unique([...state.hidden, ...action.nodeIds]));
      // A hidden node is no longer selected.
      const gone = new Set(action.nodeIds);
      return seen(state, { hidden, selection: state.selection.filter((id) => !gone.has(id)) });
    }
    case 'showAllNodes':
      return seen(state, { hidden: [] });
    case 'loading':
      return loaded(state, action.what, (l) => ({ status: 'loading', previous: l.status === 'ready' ? l.value : l.status === 'idle' ? null : l.previous }));
    case 'loaded':
      return loaded(state, action.what, () => ({ status: 'ready', value: action.value }));
    case 'loadFailed':
      return loaded(state, action.what, (l) => ({ status: 'error', error: action.error, previous: l.status === 'ready' ? l.value : l.status === 'idle' ? null : l.previous }));
    case 'undo':
    case 'redo':
      return state;
  }
}

function seen(state: ViewState, change: Partial<SeenState>): ViewState {
  for (const [k, v] of Object.entries(change)) {
    if (!same(state[k as keyof SeenState], v)) return { ...state, ...change };
  }
  return state;
}

function query(state: ViewState, change: Partial<ServerQuery>): ViewState {
  return seen(state, { query: { ...state.query, ...change } });
}

function filters(state: ViewState, change: Partial<ViewState['filters']>): ViewState {
  return seen(state, { filters: { ...state.filters, ...change } });
}

function loaded(state: ViewState, what: keyof ViewState['loaded'], next: (l: Loadable<unknown>) => Loadable<unknown>): ViewState {
  return { ...state, loaded: { ...state.loaded, [what]: next(state.loaded[what] as Loadable<unknown>) } };
}

/** Structural equality of plain data (the seen state holds only JSON values). */
export function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A copy of the record without these keys (a node id may be any string, "__proto__" too: own properties only). */
function withoutKeys<V>(record: Readonly<Record<string, V>>, keys: readonly string[]): Record<string, V> {
  const gone = new Set(keys);
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(record)) if (!gone.has(k)) Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
  return out;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function capped(ids: readonly string[]): string[] {
  return ids.length > MAX_IDS ? ids.slice(ids.length - MAX_IDS) : [...ids];
}

function toggle<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}
