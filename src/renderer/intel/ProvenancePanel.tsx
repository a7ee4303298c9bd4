import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import { shortText } from '../../shared/cut-text.js';
import type { IntelIndicatorRow, IntelLookup, IntelSighting, Verdict } from '../../shared/types.js';
import { errorMessage } from '../error-message.js';
import { formatTime } from '../format.js';
import { HiddenWarning } from '../text/HiddenWarning.js';
import { LongText } from '../text/LongText.js';
import { VisibleText } from '../text/VisibleText.js';
import { PostQuote } from './PostQuote.js';
import { WhereSeenSection } from './WhereSeenSection.js';

/** An indicator is a URL at most; a longer value is cut in the title and whole under Value. */
const TITLE_CHARS = 300;

interface Props {
  client: Client;
  row: IntelIndicatorRow;
  onChanged: () => void;
  onClose: () => void;
  /** The pivot: open a case's graph with the node that carries the indicator selected. */
  onOpenNode?: ((caseId: string, nodeId: string) => void) | undefined;
}

/**
 * Where an indicator came from: every sighting with its source, author, time,
 * link and the original text. Post text is hostile: React renders it as
 * text, never as markup, and links open outside the app.
 */
export function ProvenancePanel({ client, row, onChanged, onClose, onOpenNode }: Props) {
  const [data, setData] = useState<{ key: string; lookup: IntelLookup; sightings: IntelSighting[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const key = `${row.type}:${row.value}`;

  useEffect(() => {
    let live = true;
    Promise.all([client.intelLookup({ values: [row.value] }), client.intelSightings({ type: row.type, value: row.value })])
      .then(([[lookup], sightings]) => live && lookup && setData({ key, lookup, sightings }))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [client, key, row.type, row.value, version]);

  const setVerdict = async (verdict: Verdict | null) => {
    await client.intelSetVerdict({ type: row.type, value: row.value, verdict });
    setVersion((v) => v + 1);
    onChanged();
  };
  const setAllowlisted = async (allowlisted: boolean) => {
    await client.intelSetAllowlisted({ type: row.type, value: row.value, allowlisted });
    setVersion((v) => v + 1);
    onChanged();
  };

  const current = data?.key === key ? data : null;
  const lookup = current?.lookup;
  return (
    <aside className="details provenance" data-testid="provenance">
      <header>
        <h2 className="mono" data-testid="provenance-title">
          <VisibleText text={shortText(row.value, TITLE_CHARS)} />
        </h2>
        <button type="button" className="icon" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {error && <p className="error">{error}</p>}
      {lookup && (
        <>
          <HiddenWarning fields={[{ label: 'the value', value: row.value }, ...lookup.sources.map((value) => ({ label: 'a source', value })), ...lookup.labels.map((value) => ({ label: 'a label', value }))]} />
          <p className="muted">
            {row.type} · score {lookup.score}
            {lookup.expired ? ' · expired' : lookup.expiresAt ? ` · expires ${formatTime(lookup.expiresAt)}` : ''}
            {lookup.allowlisted ? ' · allowlisted' : ''}
          </p>
          <div className="verdicts" role="group" aria-label="Verdict">
            <button type="button" className={lookup.verdict === 'false-positive' ? 'active' : ''} onClick={() => void setVerdict(lookup.verdict === 'false-positive' ? null : 'false-positive')}>
              False positive
            </button>
            <button type="button" className={lookup.verdict === 'confirmed' ? 'active' : ''} onClick={() => void setVerdict(lookup.verdict === 'confirmed' ? null : 'confirmed')}>
              Confirmed
            </button>
            <button type="button" className={lookup.allowlisted ? 'active' : ''} onClick={() => void setAllowlisted(!lookup.allowlisted)}>
              {lookup.allowlisted ? 'On allowlist' : 'Allowlist'}
            </button>
          </div>
          <dl className="facts">
            {row.value.length > TITLE_CHARS && (
              <div>
                <dt>Value</dt>
                <dd>
                  <LongText text={row.value} label="Value" mono />
                </dd>
              </div>
            )}
            <div>
              <dt>First seen</dt>
              <dd>{formatTime(lookup.firstSeen)}</dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd>{formatTime(lookup.lastSeen)}</dd>
            </div>
            <div>
              <dt>Sources</dt>
              <dd>
                <VisibleText text={lookup.sources.join(', ')} />
              </dd>
            </div>
            {lookup.labels.length > 0 && (
              <div>
                <dt>Labels</dt>
                <dd>
                  <VisibleText text={lookup.labels.join(', ')} />
                </dd>
              </div>
            )}
          </dl>
          <WhereSeenSection key={key} client={client} row={row} onOpenNode={onOpenNode} />
          <h3>Sightings ({lookup.sightings})</h3>
          <ol className="sightings">
            {current.sightings.map((s) => (
              <li key={`${s.source}:${s.ref}`}>
                <PostQuote source={s.source} author={s.author} at={s.seenAt} text={s.text} link={s.postUrl} {...(s.port !== null ? { extra: ` · port ${s.port}` } : {})} />
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
