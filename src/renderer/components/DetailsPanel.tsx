import { useMemo, type ReactNode } from 'react';
import { shortText } from '../../shared/cut-text.js';
import type { EntityDetails } from '../../shared/entity-details-types.js';
import type { GraphNode } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { baseName, formatBytes, formatCount, formatTime } from '../format.js';
import { formatLabel } from '../import/format-labels.js';
import { HiddenWarning } from '../text/HiddenWarning.js';
import { LongText } from '../text/LongText.js';
import { VisibleText } from '../text/VisibleText.js';
import { LineageSection, lineageFields } from './LineageSection.js';

interface Props {
  details: EntityDetails | null;
  /** The selection as the graph drew it: it carries the DNS names and alert count. */
  graphNode: GraphNode | null;
  loading: boolean;
  error: string | null;
  onClose: () => void;
  /** Shown under the badges: the findings about the node. */
  children?: ReactNode;
}

const KIND_LABEL = { host: 'Host', process: 'Process', destination: 'Destination' } as const;
/** The title is the node's label; its whole value is among the facts (Image, Host). */
const TITLE_CHARS = 160;
/** Process images and protocol names in the connections table: the full path is the Image fact. */
const CELL_CHARS = 120;

/**
 * What Sightline knows about the selected node. Every value is rendered as
 * text, never as HTML, with hidden characters marked and long values cut.
 */
export function DetailsPanel({ details, graphNode, loading, error, onClose, children }: Props) {
  const graphNames = graphNode?.names;
  const names = useMemo(() => graphNames ?? details?.node.names ?? [], [graphNames, details]);
  const alerts = graphNode?.alerts ?? details?.node.alerts ?? 0;
  const checked = useMemo(
    () =>
      details
        ? [
            { label: 'the name', value: details.node.label },
            ...details.facts,
            { label: 'DNS names', value: names.join(', ') },
            ...(details.lineage ? lineageFields(details.lineage) : []),
          ]
        : [],
    [details, names],
  );
  return (
    <aside className="details" data-testid="details" aria-live="polite">
      <header>
        <h2 data-testid="details-title">{details ? <VisibleText text={shortText(details.node.label, TITLE_CHARS)} /> : 'Details'}</h2>
        <button type="button" className="icon" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      {loading && <p className="muted">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {details && !loading && (
        <>
          <HiddenWarning fields={checked} />
          <p className={`kind-badge kind-${details.node.kind}${details.node.internal ? ' internal' : ''}`}>
            {KIND_LABEL[details.node.kind]}
            {details.node.kind === 'destination' && (details.node.internal ? ' · internal' : ' · public')}
          </p>
          {names.length > 0 && (
            <p className="dns-names">
              <VisibleText text={names.join(', ')} />
            </p>
          )}
          {alerts > 0 && (
            <p className="alert-count" data-testid="alert-count">
              {formatCount(alerts)} {alerts === 1 ? 'alert involves' : 'alerts involve'} this address
            </p>
          )}
          {children}
          <dl className="facts">
            {details.facts.map((f) => (
              // Keyed by node too: another node's value starts cut again.
              <div key={`${details.node.id}\n${f.label}`} data-fact={f.label}>
                <dt>{f.label}</dt>
                <dd>
                  <LongText text={f.value} label={f.label} />
                </dd>
              </div>
            ))}
            <div>
              <dt>Events</dt>
              <dd>{formatCount(details.connectionTotal)}</dd>
            </div>
            <div>
              <dt>First seen</dt>
              <dd>{formatTime(details.firstSeen)}</dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd>{formatTime(details.lastSeen)}</dd>
            </div>
          </dl>
          {details.lineage && <LineageSection key={details.node.id} lineage={details.lineage} />}
          <h3>
            Latest connections
            {details.connectionTotal > details.connections.length && (
              <span className="muted">
                {' '}
                ({details.connections.length} of {formatCount(details.connectionTotal)})
              </span>
            )}
          </h3>
          <table className="connections">
            <thead>
              <tr>
                <th>Time (UTC)</th>
                <th>Connection</th>
                <th>Bytes out / in</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {details.connections.map((c, i) => (
                <tr key={`${c.file}:${c.line}:${i}`}>
                  <td className="nowrap">{formatTime(c.time)}</td>
                  <td>
                    <span className="mono">
                      {c.source}
                      {c.sourcePort !== null ? `:${c.sourcePort}` : ''} → {c.destination}
                      {c.destinationPort !== null ? `:${c.destinationPort}` : ''}
                    </span>
                    {c.protocol && (
                      <span className="muted">
                        {' '}
                        <VisibleText text={shortText(c.protocol, CELL_CHARS)} />
                      </span>
                    )}
                    {c.process && (
                      <div className="muted small">
                        <VisibleText text={shortText(c.process, CELL_CHARS)} />
                      </div>
                    )}
                  </td>
                  <td className="nowrap">
                    {formatBytes(c.bytesOut)} / {formatBytes(c.bytesIn)}
                  </td>
                  <td className="small" title={revealHidden(c.file)}>
                    <VisibleText text={baseName(c.file)} />:{c.line}
                    {c.joined && (
                      <div
                        className="joined-marker"
                        data-testid="joined-marker"
                        title={`Joined: the same connection in ${formatLabel(c.joined.format)} ${revealHidden(c.joined.file)}, line ${c.joined.line}`}
                      >
                        <span aria-hidden="true">⇄ </span>
                        <span className="visually-hidden">joined with </span>
                        <VisibleText text={baseName(c.joined.file)} />:{c.joined.line}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </aside>
  );
}
