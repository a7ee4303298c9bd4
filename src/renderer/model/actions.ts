import type { GraphGrouping, GraphView, Timeline } from '../../shared/graph-view-types.js';
import type { AppView, EdgeWidth, FindingsPage, LayoutMode, Overlays, SeenState, Severity, Theme } from './view-state.js';

/** Every change to the view goes through one of these, by `ViewModel.dispatch`. */
export type Action =
  // Navigation: not undoable (the address bar's back/forward walk it).
  | { type: 'openCase'; caseId: string | null }
  | { type: 'setView'; view: AppView }
  | { type: 'setTheme'; theme: Theme }
  /** The case's data changed: fetch again. */
  | { type: 'refresh' }
  /** A note or tag was written: the findings list fetches its markers again, nothing else. */
  | { type: 'notesChanged' }
  /** A pasted link, a reload or back/forward: the case, the view and what is seen, at once. */
  | { type: 'restore'; caseId: string | null; view: AppView; seen: SeenState }
  // Selection: undoable, consecutive changes coalesced into one step.
  | { type: 'select'; nodeId: string | null; additive?: boolean }
  | { type: 'selectNodes'; nodeIds: readonly string[] }
  | { type: 'selectEdge'; edgeId: string | null }
  /** A finding focuses its edge (when drawn) and opens its details. */
  | { type: 'selectFinding'; findingId: number | null; edgeId?: string | null; nodeId?: string | null }
  // The server's query.
  | { type: 'setSearch'; search: string }
  | { type: 'setTimeRange'; from: string | null; to: string | null }
  | { type: 'setHosts'; hosts: readonly string[] }
  | { type: 'setProcesses'; processes: readonly string[] }
  | { type: 'setPorts'; ports: readonly number[] }
  | { type: 'setProtocols'; protocols: readonly string[] }
  | { type: 'setIncludeInternal'; includeInternal: boolean }
  | { type: 'setGrouping'; grouping: Partial<GraphGrouping> }
  | { type: 'expandGroup'; groupId: string }
  | { type: 'collapseGroup'; groupId: string }
  // The view's own filters.
  | { type: 'setMinScore'; minScore: number }
  | { type: 'toggleSeverity'; severity: Severity }
  | { type: 'toggleKind'; kind: string }
  | { type: 'setOnlyIoc'; on: boolean }
  | { type: 'setOnlyFindings'; on: boolean }
  | { type: 'resetFilters' }
  | { type: 'setOverlay'; overlay: keyof Overlays; on: boolean }
  | { type: 'setLayout'; layout: LayoutMode }
  | { type: 'setEdgeWidth'; edgeWidth: EdgeWidth }
  /** A node dropped where the analyst wants it: one action (one undo step) per drag. */
  | { type: 'pin'; nodeId: string; x: number; y: number }
  | { type: 'unpin'; nodeIds: readonly string[] }
  | { type: 'unpinAll' }
  | { type: 'hideNodes'; nodeIds: readonly string[] }
  | { type: 'showAllNodes' }
  // History.
  | { type: 'undo' }
  | { type: 'redo' }
  // Answers from the engine: never in the history.
  | { type: 'loading'; what: LoadKey }
  | { type: 'loaded'; what: 'graph'; value: GraphView }
  | { type: 'loaded'; what: 'timeline'; value: Timeline }
  | { type: 'loaded'; what: 'findings'; value: FindingsPage }
  | { type: 'loadFailed'; what: LoadKey; error: string };

export type LoadKey = 'graph' | 'timeline' | 'findings';
export type ActionType = Action['type'];

const navigation: ReadonlySet<ActionType> = new Set(['openCase', 'setView', 'setTheme', 'refresh', 'loading', 'loaded', 'loadFailed', 'undo', 'redo']);

/** Whether an action changes what is seen (and so is a step of the undo history). */
export function isUndoable(action: Action): boolean {
  return !navigation.has(action.type);
}

/**
 * Consecutive actions with the same key make one undo step: clicking through
 * ten nodes, typing a search, dragging the score slider or the time brush.
 */
export function coalesceKey(action: Action): string | null {
  switch (action.type) {
    case 'select':
    case 'selectNodes':
    case 'selectEdge':
    case 'selectFinding':
      return 'selection';
    case 'setSearch':
      return 'search';
    case 'setTimeRange':
      return 'time';
    case 'setMinScore':
      return 'minScore';
    default:
      return null;
  }
}
