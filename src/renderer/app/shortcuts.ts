/** The keyboard shortcuts: one list, read by the key handler and by the help overlay. */
export const shortcuts = [
  { keys: ['?'], name: 'help', what: 'Show or hide this list' },
  { keys: ['/'], name: 'search', what: 'Search (focuses the first match)' },
  { keys: ['Ctrl+Z', '⌘Z'], name: 'undo', what: 'Undo the last change of the view' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y', '⌘⇧Z'], name: 'redo', what: 'Redo' },
  { keys: ['F'], name: 'fit', what: 'Fit the graph to the window' },
  { keys: ['H'], name: 'hide', what: 'Hide the selected nodes' },
  { keys: ['Shift+H'], name: 'showAll', what: 'Show hidden nodes again' },
  { keys: ['U'], name: 'unpin', what: 'Unpin the selected nodes (drag a node to pin it)' },
  { keys: ['Shift+U'], name: 'unpinAll', what: 'Unpin every node' },
  { keys: ['L'], name: 'layout', what: 'Switch layout: columns / force' },
  { keys: ['T'], name: 'theme', what: 'Switch theme: system / light / dark' },
  { keys: ['G'], name: 'findings', what: 'Go to the findings list (then ↑ ↓ and Enter)' },
  { keys: ['Esc'], name: 'escape', what: 'Clear the selection, close this list' },
] as const;

export type ShortcutName = (typeof shortcuts)[number]['name'];

/** Which shortcut a key press is, or null (typing in a field is never one, except Esc). */
export function shortcutOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, inField: boolean): ShortcutName | null {
  if (e.key === 'Escape') return 'escape';
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey) {
    const k = e.key.toLowerCase();
    if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (k === 'y') return 'redo';
    return null;
  }
  if (inField || e.altKey) return null;
  switch (e.key) {
    case '?':
      return 'help';
    case '/':
      return 'search';
    case 'f':
      return 'fit';
    case 'h':
      return 'hide';
    case 'H':
      return 'showAll';
    case 'u':
      return 'unpin';
    case 'U':
      return 'unpinAll';
    case 'l':
      return 'layout';
    case 't':
      return 'theme';
    case 'g':
      return 'findings';
    default:
      return null;
  }
}
