import type { GraphView } from '../../shared/graph-view-types.js';
import { VisibleText } from '../text/VisibleText.js';

/** At most this many: the list is for keyboards and screen readers, not a second graph. */
export const NODE_LIST_MAX = 1000;

interface Props {
  view: GraphView;
  visibleNodes: Uint8Array;
  selected: ReadonlySet<number>;
  /** Node id → where it is pinned. */
  pins: Readonly<Record<string, readonly [number, number]>>;
  onSelect(node: number, additive: boolean): void;
  onUnpin(nodeId: string): void;
}

/**
 * The drawn nodes as buttons, off screen: a canvas says nothing to a screen
 * reader and takes no Tab, so this list does (nodes with a finding first,
 * then the busiest). Enter selects, as a click on the canvas does; a pinned
 * node says so and has an Unpin button after it.
 */
export function NodeList({ view, visibleNodes, selected, pins, onSelect, onUnpin }: Props) {
  const order = view.nodes
    .map((n, i) => i)
    .filter((i) => visibleNodes[i])
    .sort((a, b) => (view.nodes[b]?.finding?.score ?? -1) - (view.nodes[a]?.finding?.score ?? -1) || (view.nodes[b]?.events ?? 0) - (view.nodes[a]?.events ?? 0))
    .slice(0, NODE_LIST_MAX);
  return (
    <ul className="visually-hidden" aria-label="Nodes drawn, findings first" data-testid="node-list">
      {order.map((i) => {
        const n = view.nodes[i];
        if (!n) return null;
        const pin = Object.hasOwn(pins, n.id) ? pins[n.id] : undefined;
        return (
          <li key={n.id}>
            <button
              type="button"
              data-node-id={n.id}
              data-kind={n.kind}
              data-finding={n.finding?.severity ?? undefined}
              data-alerts={n.alerts || undefined}
              data-pinned={pin ? `${Math.round(pin[0])},${Math.round(pin[1])}` : undefined}
              aria-pressed={selected.has(i)}
              onClick={(e) => onSelect(i, e.shiftKey)}
            >
              <span className="label">
                <VisibleText text={n.label} />
              </span>{' '}
              {n.names?.[0] !== undefined && (
                <span className="dns-name">
                  <VisibleText text={n.names[0]} />
                </span>
              )}{' '}
              ({n.kind}
              {n.alerts ? `, ${n.alerts} ${n.alerts === 1 ? 'alert' : 'alerts'}` : ''}
              {n.finding?.severity ? `, finding ${n.finding.severity}` : ''}
              {pin ? ', pinned' : ''})
            </button>
            {pin && (
              <button type="button" data-unpin={n.id} onClick={() => onUnpin(n.id)}>
                Unpin <VisibleText text={n.label} />
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
