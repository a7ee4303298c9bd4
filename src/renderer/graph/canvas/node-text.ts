import { shortText } from '../../../shared/cut-text.js';
import type { GraphView, ViewNode } from '../../../shared/graph-view-types.js';
import { hiddenChars, revealHidden } from '../../../shared/visible-text.js';

/** Labels are cut to this many characters (the whole name is in the tooltip and the details). */
export const LABEL_CHARS = 40;
const NAME_CHARS = 32;

/**
 * A node's label as drawn: cut, with every hidden character shown as a
 * marker (`invoice⟨U+202E⟩gpj.exe`), and a destination's first DNS name
 * beside its address.
 */
export function nodeLabel(node: ViewNode): string {
  const head = revealHidden(shortText(node.label, LABEL_CHARS));
  const name = node.kind === 'destination' ? node.names?.[0] : undefined;
  return name ? `${head} ${revealHidden(shortText(name, NAME_CHARS))}` : head;
}

export function hasHiddenChars(node: ViewNode): boolean {
  return hiddenChars(node.label).length > 0 || (node.names ?? []).some((n) => hiddenChars(n).length > 0);
}

const cache = new WeakMap<GraphView, string[]>();

/** Every node's label, computed once per view (scenes are rebuilt on each selection change). */
export function viewLabels(view: GraphView): string[] {
  let labels = cache.get(view);
  if (!labels) {
    labels = view.nodes.map(nodeLabel);
    cache.set(view, labels);
  }
  return labels;
}
