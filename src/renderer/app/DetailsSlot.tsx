import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { ViewNode } from '../../shared/graph-view-types.js';
import type { EntityDetails, GraphNode } from '../../shared/types.js';
import { FindingsSection } from '../analysis/FindingsSection.js';
import { DetailsPanel } from '../components/DetailsPanel.js';
import { errorMessage } from '../error-message.js';
import { plural } from '../format.js';
import { useModel } from './use-model.js';

interface Props {
  client: Client;
  caseId: string;
  nodeId: string;
  /** The node as the graph has it (null when this answer does not draw it). */
  node: ViewNode | null;
  revision: number;
}

/**
 * The details of the selected node. ADAPTER: h-details is rebuilding
 * DetailsPanel to take client/caseId/nodeId itself; until then this fetches
 * for the old one. A group gets its own panel: expand or collapse it.
 */
export function DetailsSlot({ client, caseId, nodeId, node, revision }: Props) {
  const model = useModel();
  const [details, setDetails] = useState<{ nodeId: string; data: EntityDetails | null; error: string | null } | null>(null);
  const isGroup = node?.kind === 'group';
  useEffect(() => {
    if (isGroup) return;
    let live = true;
    client
      .getEntityDetails({ caseId, nodeId })
      .then((d) => live && setDetails({ nodeId, data: d, error: null }))
      .catch((err: unknown) => live && setDetails({ nodeId, data: null, error: errorMessage(err) }));
    return () => {
      live = false;
    };
  }, [client, caseId, nodeId, revision, isGroup]);
  const close = () => model.dispatch({ type: 'select', nodeId: null });

  if (node?.kind === 'group' && node.group) {
    return (
      <aside className="details" data-testid="details">
        <header>
          <h2>{node.label}</h2>
          <button type="button" className="icon" onClick={close} aria-label="Close details">
            ×
          </button>
        </header>
        <p>
          A group of {plural(node.group.members, node.group.of === 'process' ? 'process' : node.group.of)} by {node.group.by} ({node.group.key}), {plural(node.events, 'connection')}.
        </p>
        <button type="button" className="primary-button" onClick={() => model.dispatch({ type: 'expandGroup', groupId: node.id })}>
          Expand in place
        </button>
      </aside>
    );
  }
  const legacyNode: GraphNode | null = node ? { id: node.id, kind: node.kind === 'group' ? 'destination' : node.kind, label: node.label, events: node.events, ...(node.names ? { names: node.names } : {}), ...(node.alerts !== undefined ? { alerts: node.alerts } : {}), ...(node.finding ? { finding: node.finding } : {}) } : null;
  return (
    <DetailsPanel
      details={details?.nodeId === nodeId ? details.data : null}
      graphNode={legacyNode}
      loading={details?.nodeId !== nodeId}
      error={details?.nodeId === nodeId ? details.error : null}
      onClose={close}
    >
      {node?.parent && (
        <button type="button" onClick={() => model.dispatch({ type: 'collapseGroup', groupId: node.parent as string })}>
          Collapse its group
        </button>
      )}
      <FindingsSection client={client} caseId={caseId} nodeId={nodeId} version={revision} onVerdict={() => model.dispatch({ type: 'refresh' })} />
    </DetailsPanel>
  );
}
