import type { Client } from '../../shared/client.js';
import type { HostDetails } from '../../shared/entity-details-types.js';
import { LinksList } from './LinksList.js';

interface Props {
  client: Client;
  caseId: string;
  nodeId: string;
  h: HostDetails;
  onNavigate?: ((nodeId: string) => void) | undefined;
}

/** A machine's processes and destinations, paged and searchable (its own addresses are among its facts). */
export function HostSection({ client, caseId, nodeId, h, onNavigate }: Props) {
  return (
    <>
      <LinksList client={client} caseId={caseId} nodeId={nodeId} links="processes" title="Processes" first={h.processes} onNavigate={onNavigate} />
      <LinksList client={client} caseId={caseId} nodeId={nodeId} links="destinations" title="Destinations" first={h.destinations} onNavigate={onNavigate} />
    </>
  );
}
