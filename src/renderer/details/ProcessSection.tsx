import type { Client } from '../../shared/client.js';
import type { ProcessDetails } from '../../shared/entity-details-types.js';
import { LongText } from '../text/LongText.js';
import { LinksList } from './LinksList.js';
import { ReputationSection } from './ReputationSection.js';

const HASH_LABEL = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', imphash: 'Imphash' } as const;

interface Props {
  client: Client;
  caseId: string;
  nodeId: string;
  p: ProcessDetails;
  onNavigate?: ((nodeId: string) => void) | undefined;
}

/** The program: its command line, the hashes of its runs with their reputation, and where it connected (image and users are facts). */
export function ProcessSection({ client, caseId, nodeId, p, onNavigate }: Props) {
  return (
    <>
      <dl className="facts" data-testid="process-facts">
        {p.commandLine && (
          <div data-fact="Command line">
            <dt>Command line</dt>
            <dd>
              <LongText text={p.commandLine} label="Command line" mono />
            </dd>
          </div>
        )}
      </dl>
      {p.hashes.length > 0 && (
        <section className="hashes" data-testid="process-hashes">
          <h3>Hashes</h3>
          {p.hashes.map((h) => (
            <div key={`${h.type}:${h.value}`} className="hash-row" data-hash={h.type} data-hits={h.reputation?.hits.length ?? 0}>
              <div>
                <strong>{HASH_LABEL[h.type]}</strong> <span className="mono hash">{h.value}</span>
              </div>
              {h.reputation ? <ReputationSection reputation={h.reputation} title={`Reputation of the ${HASH_LABEL[h.type]}`} /> : <p className="muted small">Import hashes are not matched against the IoC store.</p>}
            </div>
          ))}
        </section>
      )}
      <LinksList client={client} caseId={caseId} nodeId={nodeId} links="destinations" title="Destinations" first={p.destinations} onNavigate={onNavigate} />
    </>
  );
}
