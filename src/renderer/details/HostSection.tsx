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

/** A machine: its own addresses, its processes and destinations, paged and searchable. */
export function HostSection({ client, caseId, nodeId, h, onNavigate }: Props) {
  return (
    <>
      {h.addresses.length > 0 && (
        <dl className="facts">
          <div data-fact="Own addresses">
            <dt>Own addresses</dt>
            <dd className="mono">{h.addresses.join(', ')}</dd>
          </div>
        </dl>
      )}
      <LinksList client={client} caseId={caseId} nodeId={nodeId} links="processes" title="Processes" first={h.processes} onNavigate={onNavigate} />
      <LinksList client={client} caseId={caseId} nodeId={nodeId} links="destinations" title="Destinations" first={h.destinations} onNavigate={onNavigate} />
    </>
  );
}
