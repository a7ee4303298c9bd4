import { useState } from 'react';
import type { Client } from '../../shared/client.js';
import { shortText } from '../../shared/cut-text.js';
import type { WhereSeen } from '../../shared/entity-details-types.js';
import type { IntelIndicatorRow } from '../../shared/types.js';
import { caseGraphLink } from '../case-link.js';
import { errorMessage } from '../error-message.js';
import { formatCount, formatTime } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';

const LABEL_CHARS = 120;

interface Props {
  client: Client;
  row: Pick<IntelIndicatorRow, 'type' | 'value'>;
  /** Opens the case's graph with the node selected; without it the links navigate by URL. */
  onOpenNode?: ((caseId: string, nodeId: string) => void) | undefined;
}

/**
 * The pivot from an indicator to the cases and connections that contain it
 * (intelWhereSeen, asked on demand: it searches every case in the job worker),
 * each linking to the case with that destination or process selected.
 */
export function WhereSeenSection({ client, row, onOpenNode }: Props) {
  const key = `${row.type}:${row.value}`;
  const [result, setResult] = useState<{ key: string; seen: WhereSeen } | { key: string; error: string } | { key: string; searching: true } | null>(null);
  const current = result?.key === key ? result : null;
  const search = () => {
    setResult({ key, searching: true });
    client
      .intelWhereSeen({ type: row.type, value: row.value })
      .then((seen) => setResult({ key, seen }))
      .catch((err: unknown) => setResult({ key, error: errorMessage(err) }));
  };
  return (
    <section className="where-seen" data-testid="where-seen">
      <h3>Where seen</h3>
      {(!current || 'error' in current) && (
        <button type="button" onClick={search}>
          Search the cases
        </button>
      )}
      {current && 'searching' in current && <p className="muted small">Searching every case…</p>}
      {current && 'error' in current && <p className="error">{current.error}</p>}
      {current && 'seen' in current && (
        <>
          <p className="muted small" data-testid="where-seen-summary">
            {current.seen.cases.length === 0 ? 'In none' : `In ${current.seen.cases.length}`} of {formatCount(current.seen.casesSearched)} {current.seen.casesSearched === 1 ? 'case' : 'cases'}
            {current.seen.skipped.length > 0 && ` (${current.seen.skipped.length} could not be read)`}
          </p>
          {current.seen.cases.map((c) => (
            <div key={c.caseId} data-testid="where-seen-case">
              <strong>
                <VisibleText text={c.caseName} />
              </strong>
              <ul>
                {c.nodes.map((n) => (
                  <li key={n.nodeId}>
                    <a
                      href={caseGraphLink(c.caseId, n.nodeId)}
                      data-testid="where-seen-link"
                      onClick={(e) => {
                        if (!onOpenNode) return;
                        e.preventDefault();
                        onOpenNode(c.caseId, n.nodeId);
                      }}
                    >
                      <VisibleText text={shortText(n.label, LABEL_CHARS)} />
                    </a>
                    {n.via !== n.label && (
                      <span className="muted">
                        {' '}
                        by <VisibleText text={shortText(n.via, LABEL_CHARS)} />
                      </span>
                    )}
                    <div className="muted">
                      {formatCount(n.events)} connections{n.kind === 'destination' ? ` from ${n.hosts} ${n.hosts === 1 ? 'host' : 'hosts'}` : ''} · {formatTime(n.firstSeen)} → {formatTime(n.lastSeen)}
                    </div>
                  </li>
                ))}
                {c.more && <li className="muted">… more in this case</li>}
              </ul>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
