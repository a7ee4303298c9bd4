import { coalesceKey, isUndoable, type Action } from './actions.js';
import { reduce, same } from './reduce.js';
import { defaultSeen, initialViewState, type SeenState, type ViewState } from './view-state.js';

/** Steps kept for undo. */
export const HISTORY_LIMIT = 200;

export interface HistoryState {
  /** How many steps undo and redo can take. */
  undo: number;
  redo: number;
}

export interface ViewModel {
  getState(): ViewState;
  getHistory(): HistoryState;
  dispatch(action: Action): void;
  /** Called after every change of state or history; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

interface Step {
  /** What was seen before the step (the seen part only: undo never undoes a load). */
  before: SeenState;
  after: SeenState;
  key: string | null;
}

const seenKeys = Object.keys(defaultSeen) as (keyof SeenState)[];

export function seenOf(state: ViewState): SeenState {
  const out: Partial<Record<keyof SeenState, unknown>> = {};
  for (const k of seenKeys) out[k] = state[k];
  return out as SeenState;
}

/**
 * The headless view model (no React, no DOM): one state, changed only by
 * actions through `dispatch`, with an undo history of what the analyst saw.
 * Views subscribe and read with selectors; `useViewModel` binds it to React.
 */
export function createViewModel(initial: ViewState = initialViewState()): ViewModel {
  let state = initial;
  let past: Step[] = [];
  let future: Step[] = [];
  /** Whether the last step may still absorb the next action of its key (nothing undone since). */
  let open = false;
  let history: HistoryState = { undo: 0, redo: 0 };
  const listeners = new Set<() => void>();

  const emit = () => {
    if (history.undo !== past.length || history.redo !== future.length) history = { undo: past.length, redo: future.length };
    for (const l of [...listeners]) l();
  };

  const travel = (from: Step[], to: Step[], pick: 'before' | 'after') => {
    const step = from.pop();
    if (!step) return;
    to.push(step);
    state = { ...state, ...step[pick] };
    open = false;
    emit();
  };

  const dispatch = (action: Action) => {
    if (action.type === 'undo') return travel(past, future, 'before');
    if (action.type === 'redo') return travel(future, past, 'after');
    const next = reduce(state, action);
    if (next === state) return;
    const prev = state;
    state = next;
    if (action.type === 'openCase' || (action.type === 'restore' && action.caseId !== prev.caseId)) {
      // Another case's history is not this one's.
      past = [];
      future = [];
      open = false;
    } else if (isUndoable(action)) {
      const before = seenOf(prev);
      const after = seenOf(next);
      if (!same(before, after)) {
        const key = coalesceKey(action);
        const top = past[past.length - 1];
        if (open && key !== null && top && top.key === key) {
          top.after = after;
          // Selected and deselected again: the step changed nothing.
          if (same(top.before, top.after)) past.pop();
        } else {
          past.push({ before, after, key });
          if (past.length > HISTORY_LIMIT) past.shift();
        }
        future = [];
        open = true;
      }
    }
    emit();
  };

  return {
    getState: () => state,
    getHistory: () => history,
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
