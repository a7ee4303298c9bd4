import type { Client } from '../../shared/client.js';
import type { DestinationDetails } from '../../shared/entity-details-types.js';
import { BytesPerDayChart, IntervalChart } from '../charts/DetailCharts.js';
import { VisibleText } from '../text/VisibleText.js';
import { LinksList } from './LinksList.js';
import { ReputationSection } from './ReputationSection.js';

interface Props {
  client: Client;
  caseId: string;
  nodeId: string;
  d: DestinationDetails;
  onNavigate?: ((nodeId: string) => void) | undefined;
}

/** Who the destination is (intel, lists, place), how it was reached (rhythm, bytes) and by whom. Its names are under its address, at the top. */
export function DestinationSection({ client, caseId, nodeId, d, onNavigate }: Props) {
  return (
    <>
      <dl className="facts" data-testid="destination-facts">
        <div data-fact="Address class">
          <dt>Address class</dt>
          <dd>{d.addressClassText}</dd>
        </div>
        {(d.country !== null || d.as !== null || d.geoMissing !== null) && (
          <div data-fact="Place">
            <dt>Country / AS</dt>
            <dd>
              {d.country ?? '—'}
              {d.as && (
                <>
                  {' · AS'}
                  {d.as.number}
                  {d.as.name && (
                    <>
                      {' '}
                      <VisibleText text={d.as.name} />
                    </>
                  )}
                </>
              )}
              {d.geoMissing && <span className="muted small"> ({d.geoMissing})</span>}
            </dd>
          </div>
        )}
        {d.service && (
          <div data-fact="Service">
            <dt>Service</dt>
            <dd>
              <VisibleText text={d.service.name} /> <span className="muted">({d.service.category})</span>
            </dd>
          </div>
        )}
      </dl>
      <ReputationSection reputation={d.reputation} />
      {d.warninglists.length > 0 && (
        <section data-testid="warninglists">
          <h3>On warninglists</h3>
          <ul className="plain-list">
            {d.warninglists.map((w) => (
              <li key={`${w.value}:${w.listId}`}>
                <VisibleText text={w.list} /> <span className="muted small">({w.contextOnly ? 'context only' : 'known infrastructure'}; <VisibleText text={w.value} /> matched {w.matched})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.intervals && <IntervalChart intervals={d.intervals} />}
      <BytesPerDayChart days={d.bytesPerDay} />
      <LinksList client={client} caseId={caseId} nodeId={nodeId} links="sources" title="Reached by" first={d.reachedBy} onNavigate={onNavigate} />
    </>
  );
}
