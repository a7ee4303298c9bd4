import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { IntelIndicatorRow, IntelLookup, IntelSighting, Verdict } from '../../shared/types.js';
import { formatTime } from '../format.js';

interface Props {
  client: Client;
  row: IntelIndicatorRow;
  onChanged: () => void;
  onClose: () => void;
}

/**
 * Where an indicator came from: every sighting with its source, author, time,
 * link and the original text. Post text is hostile: React renders it as
 * text, never as markup, and links open outside the app.
 */
export function ProvenancePanel({ client, row, onChanged, onClose }: Props) {
  const [data, setData] = useState<{ key: string; lookup: IntelLookup; sightings: IntelSighting[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const key = `${row.type}:${row.value}`;

  useEffect(() => {
    let live = true;
    Promise.all([client.intelLookup({ values: [row.value] }), client.intelSightings({ type: row.type, value: row.value })])
      .then(([[lookup], sightings]) => live && lookup && setData({ key, lookup, sightings }))
      .catch((err: unknown) => live && setError(String((err as Error).message ?? err)));
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
        <h2 className="mono">{row.value}</h2>
        <button type="button" className="icon" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {error && <p className="error">{error}</p>}
      {lookup && (
        <>
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
              <dd>{lookup.sources.join(', ')}</dd>
            </div>
            {lookup.labels.length > 0 && (
              <div>
                <dt>Labels</dt>
                <dd>{lookup.labels.join(', ')}</dd>
              </div>
            )}
          </dl>
          <h3>Sightings ({lookup.sightings})</h3>
          <ol className="sightings">
            {current.sightings.map((s) => (
              <li key={`${s.source}:${s.ref}`}>
                <div className="small">
                  <strong>{s.source}</strong>
                  {s.author && <> · @{s.author}</>} · {formatTime(s.seenAt)}
                  {s.port !== null && <> · port {s.port}</>}
                </div>
                {s.text && <blockquote className="post-text">{s.text}</blockquote>}
                {s.postUrl && /^https?:\/\//i.test(s.postUrl) && (
                  <a href={s.postUrl} target="_blank" rel="noopener noreferrer" className="small">
                    {s.postUrl}
                  </a>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
