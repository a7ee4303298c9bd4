import type { Client } from '../../shared/client.js';
import type { ViewNode } from '../../shared/graph-view-types.js';
import { DetailsPanel } from '../components/DetailsPanel.js';
import { plural } from '../format.js';
import { current } from '../model/view-state.js';
import { useModel, useView } from './use-model.js';

interface Props {
  client: Client;
  caseId: string;
  nodeId: string;
  /** The node as the graph has it (null when this answer does not draw it). */
  node: ViewNode | null;
  revision: number;
}

/** The details of the selected node (DetailsPanel fetches them itself); a group gets its own panel to expand it. */
export function DetailsSlot({ client, caseId, nodeId, node, revision }: Props) {
  const model = useModel();
  const pinned = useView((s) => Object.hasOwn(s.pins, nodeId));
  const selectedFinding = useView((s) => s.selectedFinding);
  const findings = useView((s) => current(s.loaded.findings));
  const finding = findings?.findings.find((f) => f.id === selectedFinding && `ip:${f.dst}` === nodeId) ?? null;
  const close = () => model.dispatch({ type: 'select', nodeId: null });
  // A node dragged on the graph is pinned there: released here too.
  const unpin = pinned && (
    <button type="button" data-testid="details-unpin" onClick={() => model.dispatch({ type: 'unpin', nodeIds: [nodeId] })}>
      Unpin
    </button>
  );
  if (node?.kind === 'group' && node.group) {
    return (
      <aside className="details" data-testid="details">
        <header>
          <h2>{node.label}</h2>
          {unpin}
          <button type="button" className="icon" onClick={close} aria-label="Close details">
            ×
          </button>
        </header>
        <p>
          A group of {plural(node.group.members, node.group.of)} by {node.group.by} ({node.group.key}), {plural(node.events, 'connection')}.
        </p>
        <button type="button" className="primary-button" onClick={() => model.dispatch({ type: 'expandGroup', groupId: node.id })}>
          Expand in place
        </button>
      </aside>
    );
  }
  return (
    <DetailsPanel
      client={client}
      caseId={caseId}
      nodeId={nodeId}
      onClose={close}
      onNavigate={(id) => model.dispatch({ type: 'select', nodeId: id })}
      version={revision}
      onVerdict={() => model.dispatch({ type: 'refresh' })}
      actions={unpin}
      finding={finding}
      onNotes={() => model.dispatch({ type: 'notesChanged' })}
    />
  );
}
