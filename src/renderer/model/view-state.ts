import type { Finding } from '../../shared/analysis-types.js';
import type { GraphGrouping, GraphView, Timeline } from '../../shared/graph-view-types.js';

export const appViews = ['graph', 'imports', 'intel'] as const;
export type AppView = (typeof appViews)[number];
export const layoutModes = ['columns', 'force'] as const;
export type LayoutMode = (typeof layoutModes)[number];
export const edgeWidths = ['events', 'bytes'] as const;
export type EdgeWidth = (typeof edgeWidths)[number];
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];
export const severities = ['info', 'low', 'medium', 'high'] as const;
export type Severity = (typeof severities)[number];

/** What the server filters (becomes a GraphViewQuery with the case id). */
export interface ServerQuery {
  search: string;
  /** ISO 8601 UTC, or null for the case's own edge. */
  from: string | null;
  to: string | null;
  hosts: readonly string[];
  processes: readonly string[];
  ports: readonly number[];
  protocols: readonly string[];
  includeInternal: boolean;
  grouping: GraphGrouping;
  /** Group node ids drawn opened. */
  expanded: readonly string[];
}

/** What the view filters over the answer it has (no new fetch). */
export interface ClientFilters {
  /** Edges into destinations with a lower finding score are hidden (0: none hidden for it). */
  minScore: number;
  /** Empty: every severity (and edges without a finding). */
  severities: readonly Severity[];
  /** Evidence kinds; empty: every kind. */
  kinds: readonly string[];
  onlyIoc: boolean;
  onlyFindings: boolean;
}

export interface Overlays {
  reputation: boolean;
  anomaly: boolean;
  dimBenign: boolean;
}

/** What the analyst sees and may undo: everything but loaded data and the case/view choice. */
export interface SeenState {
  /** Node ids, in the order they were selected. */
  selection: readonly string[];
  /** Edge id (`viewEdgeId`: `<source id>-><target id>`). */
  selectedEdge: string | null;
  /** The finding whose details are open (its id in the latest analysis). */
  selectedFinding: number | null;
  query: ServerQuery;
  filters: ClientFilters;
  overlays: Overlays;
  layout: LayoutMode;
  edgeWidth: EdgeWidth;
  /** Node id → position the analyst dragged it to. */
  pins: Readonly<Record<string, readonly [number, number]>>;
  hidden: readonly string[];
}

export type Loadable<T> = { status: 'idle' } | { status: 'loading'; previous: T | null } | { status: 'ready'; value: T } | { status: 'error'; error: string; previous: T | null };

export interface FindingsPage {
  findings: Finding[];
  total: number;
}

/** Answers from the engine: not part of the undo history. */
export interface LoadedState {
  graph: Loadable<GraphView>;
  timeline: Loadable<Timeline>;
  findings: Loadable<FindingsPage>;
}

export interface ViewState extends SeenState {
  caseId: string | null;
  view: AppView;
  theme: Theme;
  loaded: LoadedState;
  /** Bumped when the case's data changed (an import, an analysis, a verdict): everything is fetched again. */
  revision: number;
  /** Bumped when a note or tag was written: only the findings (their markers) are fetched again; the analysis is not stale. */
  notesRevision: number;
}

export const defaultGrouping: GraphGrouping = { destinations: 'auto', hosts: 'none', processes: 'none' };

export const defaultQuery: ServerQuery = {
  search: '',
  from: null,
  to: null,
  hosts: [],
  processes: [],
  ports: [],
  protocols: [],
  includeInternal: true,
  grouping: defaultGrouping,
  expanded: [],
};

export const defaultFilters: ClientFilters = { minScore: 0, severities: [], kinds: [], onlyIoc: false, onlyFindings: false };
export const defaultOverlays: Overlays = { reputation: true, anomaly: true, dimBenign: true };

export const defaultSeen: SeenState = {
  selection: [],
  selectedEdge: null,
  selectedFinding: null,
  query: defaultQuery,
  filters: defaultFilters,
  overlays: defaultOverlays,
  layout: 'columns',
  edgeWidth: 'events',
  pins: {},
  hidden: [],
};

export const idleLoaded: LoadedState = { graph: { status: 'idle' }, timeline: { status: 'idle' }, findings: { status: 'idle' } };

export function initialViewState(partial: Partial<ViewState> = {}): ViewState {
  return { caseId: null, view: 'graph', theme: 'system', ...defaultSeen, loaded: idleLoaded, revision: 0, notesRevision: 0, ...partial };
}

/** The last value a loadable had, loading or not. */
export function current<T>(l: Loadable<T>): T | null {
  if (l.status === 'ready') return l.value;
  if (l.status === 'loading' || l.status === 'error') return l.previous;
  return null;
}
