import { createContext, useContext, useSyncExternalStore } from 'react';
import type { HistoryState, ViewModel } from '../model/view-model.js';
import type { ViewState } from '../model/view-state.js';

export const ModelContext = createContext<ViewModel | null>(null);

export function useModel(): ViewModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useModel outside <ModelContext.Provider>');
  return model;
}

/**
 * A part of the view state; the component renders again only when that part
 * changes. `pick` must return a part of the state (or a memoised selector's
 * answer), not a new object each call.
 */
export function useView<T>(pick: (s: ViewState) => T): T {
  const model = useModel();
  return useSyncExternalStore(model.subscribe, () => pick(model.getState()));
}

export function useHistory(): HistoryState {
  const model = useModel();
  return useSyncExternalStore(model.subscribe, model.getHistory);
}
