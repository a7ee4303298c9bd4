import { decodePlace, encodePlace } from '../model/url-codec.js';
import { seenOf, type ViewModel } from '../model/view-model.js';

/**
 * The address bar and the model kept in step: a reload or pasted link
 * restores the place, back/forward walk it. A new undo step, another case or
 * another view is a new history entry; a coalesced change (typing, the brush)
 * replaces the current one. Returns the stop function.
 */
export function startUrlSync(model: ViewModel, win: Window, onProblems: (problems: string[]) => void): () => void {
  let restoring = false;
  const restore = () => {
    const place = decodePlace(win.location.hash);
    if (place.problems.length > 0) onProblems(place.problems);
    // The address already holds this place: the change it makes is no new entry.
    restoring = true;
    try {
      model.dispatch({ type: 'restore', caseId: place.caseId, view: place.view, seen: place.seen });
    } finally {
      restoring = false;
    }
  };
  const hasPlace = win.location.hash.startsWith('#/');
  if (hasPlace) restore();
  let last = { caseId: model.getState().caseId, view: model.getState().view, steps: model.getHistory().undo };
  const write = () => {
    const s = model.getState();
    const hash = encodePlace({ caseId: s.caseId, view: s.view, seen: seenOf(s) });
    const steps = model.getHistory().undo;
    const moved = !restoring && (s.caseId !== last.caseId || s.view !== last.view || steps > last.steps);
    last = { caseId: s.caseId, view: s.view, steps };
    if (hash === win.location.hash || (hash === '#/' && win.location.hash === '')) return;
    const url = `${win.location.pathname}${win.location.search}${hash}`;
    if (moved) win.history.pushState(null, '', url);
    else win.history.replaceState(null, '', url);
  };
  const unsubscribe = model.subscribe(write);
  if (hasPlace) write();
  win.addEventListener('popstate', restore);
  return () => {
    unsubscribe();
    win.removeEventListener('popstate', restore);
  };
}
