import { useMemo, useState, type ReactNode } from 'react';
import type { Client } from '../../shared/client.js';
import { shortText } from '../../shared/cut-text.js';
import type { EntityDetails } from '../../shared/entity-details-types.js';
import type { Finding } from '../../shared/analysis-types.js';
import { FindingsSection } from '../analysis/FindingsSection.js';
import { findingTitle } from '../analysis/finding-actions.js';
import { NotesSection } from '../details/NotesSection.js';
import { TimelineChart } from '../charts/DetailCharts.js';
import { ConnectionsTable } from '../details/ConnectionsTable.js';
import { DestinationSection } from '../details/DestinationSection.js';
import { HostSection } from '../details/HostSection.js';
import { ProcessSection } from '../details/ProcessSection.js';
import { useEntityDetails } from '../details/use-entity-details.js';
import { formatCount, formatTime } from '../format.js';
import { HiddenWarning } from '../text/HiddenWarning.js';
import { LongText } from '../text/LongText.js';
import { VisibleText } from '../text/VisibleText.js';
import { LineageSection, lineageFields } from './LineageSection.js';

interface Props {
  client: Client;
  caseId: string;
  /** The graph node: `host:…`, `process:host|image`, a destination id. */
  nodeId: string;
  onClose: () => void;
  /** Opens another node's details (a process of a host, who reached a destination…). */
  onNavigate?: (nodeId: string) => void;
  /** Changes when the analysis or the case changed: the details and findings are fetched again. */
  version?: number;
  /** After a verdict or allowlist rule from a finding here: the case changed. */
  onVerdict?: () => void;
  /** Controls for the node beside the title (the graph's Unpin). */
  actions?: ReactNode;
  /** The finding selected in the findings list, about this node: its own notes and tags are shown too. */
  finding?: Finding | null;
  /** After a note or tag was written. */
  onNotes?: () => void;
}

const KIND_LABEL = { host: 'Host', process: 'Process', destination: 'Destination' } as const;
/** The title is the node's label; its whole value is among the facts (Image, Host). */
const TITLE_CHARS = 160;

/**
 * What Sightline knows about one node, fetched by the panel itself so any
 * view can mount it with a case and a node id. It scrolls inside itself (a
 * busy destination must not make the page scroll away) and pages long lists.
 * Every value from files and posts is rendered as text, hidden characters
 * marked, long values cut.
 */
export function DetailsPanel({ client, caseId, nodeId, onClose, onNavigate, version = 0, onVerdict, actions, finding = null, onNotes }: Props) {
  const got = useEntityDetails(client, caseId, nodeId, version);
  const details = got.state === 'ready' ? got.details : null;
  return (
    <aside className="details" data-testid="details" data-node={nodeId} aria-live="polite" aria-busy={got.state === 'loading'}>
      <header>
        <h2 data-testid="details-title">{details ? <VisibleText text={shortText(details.node.label, TITLE_CHARS)} /> : 'Details'}</h2>
        {actions}
        <button type="button" className="icon" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      {got.state === 'loading' && <p className="muted">Loading…</p>}
      {got.state === 'error' && <p className="error">{got.error}</p>}
      {details && (
        <Body
          key={nodeId}
          details={details}
          client={client}
          caseId={caseId}
          nodeId={nodeId}
          onNavigate={onNavigate}
          version={version}
          onVerdict={onVerdict ?? noop}
          finding={finding}
          onNotes={onNotes ?? noop}
        />
      )}
    </aside>
  );
}

interface BodyProps {
  details: EntityDetails;
  client: Client;
  caseId: string;
  nodeId: string;
  onNavigate: ((nodeId: string) => void) | undefined;
  version: number;
  onVerdict: () => void;
  finding: Finding | null;
  onNotes: () => void;
}

const noop = () => undefined;

function Body({ details, client, caseId, nodeId, onNavigate, version, onVerdict, finding, onNotes }: BodyProps) {
  const names = useMemo(() => details.destination?.names ?? details.node.names ?? [], [details]);
  const alerts = details.node.alerts ?? 0;
  const checked = useMemo(
    () => [
      { label: 'the name', value: details.node.label },
      ...details.facts,
      { label: 'DNS names', value: names.join(', ') },
      ...(details.lineage ? lineageFields(details.lineage) : []),
      ...(details.process ? [{ label: 'Command line', value: details.process.commandLine ?? '' }] : []),
      ...(details.destination ? hitFields(details.destination.reputation) : []),
      ...(details.process ? details.process.hashes.flatMap((h) => (h.reputation ? hitFields(h.reputation) : [])) : []),
    ],
    [details, names],
  );
  // The process and destination sections show these themselves, with more context.
  const shownElsewhere = new Set(details.process ? ['Command line'] : []);
  // A host's or destination's name is the title, whole unless very long: not again as the first fact.
  const isTitle = (f: { label: string; value: string }) =>
    details.node.kind !== 'process' && (f.label === 'Host' || f.label === 'Address') && f.value === details.node.label && f.value.length <= TITLE_CHARS;
  return (
    <div className="details-body">
      <HiddenWarning fields={checked} />
      <p className={`kind-badge kind-${details.node.kind}${details.node.internal ? ' internal' : ''}`}>
        {/* A destination's address class is said once, in words, in its section ("Address class"). */}
        {KIND_LABEL[details.node.kind]}
      </p>
      <NamesLine key={nodeId} names={names} />
      {alerts > 0 && (
        <p className="alert-count" data-testid="alert-count">
          {formatCount(alerts)} {alerts === 1 ? 'alert involves' : 'alerts involve'} this address
        </p>
      )}
      <FindingsSection client={client} caseId={caseId} nodeId={nodeId} version={version} onVerdict={onVerdict} focus={finding?.id ?? null} />
      {finding && (
        <NotesSection
          client={client}
          caseId={caseId}
          target={{ kind: 'finding', host: finding.host, process: finding.process, dst: finding.dst, dport: finding.dport }}
          about={`the finding ${findingTitle(finding)}`}
          onChanged={onNotes}
        />
      )}
      <NotesSection client={client} caseId={caseId} target={{ kind: 'node', nodeId }} about={`this ${KIND_LABEL[details.node.kind].toLowerCase()}`} onChanged={onNotes} />
      <dl className="facts">
        {details.facts
          .filter((f) => !shownElsewhere.has(f.label) && !isTitle(f))
          .map((f) => (
            // Keyed by node too: another node's value starts cut again.
            <div key={`${details.node.id}\n${f.label}`} data-fact={f.label}>
              <dt>{f.label}</dt>
              <dd>
                <LongText text={f.value} label={f.label} breakAfterSeparators />
              </dd>
            </div>
          ))}
        <div data-fact="Connections">
          <dt>Connections</dt>
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
      {details.timeline && <TimelineChart bins={details.timeline} />}
      {details.destination && <DestinationSection client={client} caseId={caseId} nodeId={nodeId} d={details.destination} onNavigate={onNavigate} />}
      {details.process && <ProcessSection client={client} caseId={caseId} nodeId={nodeId} p={details.process} onNavigate={onNavigate} />}
      {details.lineage && <LineageSection lineage={details.lineage} showHashes={!details.process} />}
      {details.host && <HostSection client={client} caseId={caseId} nodeId={nodeId} h={details.host} onNavigate={onNavigate} />}
      {/* A process's rows are all that process: its image is the title and the Image fact. */}
      <ConnectionsTable connections={details.connections} total={details.connectionTotal} showProcess={details.node.kind !== 'process'} />
    </div>
  );
}

/** Names of a destination seen at first; the rest one click away. */
const NAMES_SHOWN = 3;

/** A destination's names (DNS answers, endpoint logs) under its address: the first few, and all of them on request. */
function NamesLine({ names }: { names: readonly string[] }) {
  const [all, setAll] = useState(false);
  if (names.length === 0) return null;
  const more = names.length - NAMES_SHOWN;
  return (
    <p className="dns-names" data-testid="dns-names">
      <VisibleText text={(all ? names : names.slice(0, NAMES_SHOWN)).join(', ')} />
      {more > 0 && (
        <>
          {' '}
          <button type="button" className="link-button small" onClick={() => setAll(!all)}>
            {all ? 'fewer' : `and ${more} more`}
          </button>
        </>
      )}
    </p>
  );
}

/** The strings of IoC hits that came from feeds and posts: what the hidden-character warning checks. */
function hitFields(r: { hits: { value: string; citations: { author: string | null; text: string | null }[] }[]; suppressed: { value: string }[] }) {
  return [
    ...[...r.hits, ...r.suppressed].map((h) => ({ label: 'an indicator', value: h.value })),
    ...r.hits.flatMap((h) => h.citations.flatMap((c) => [{ label: 'a post author', value: c.author ?? '' }, { label: 'a post', value: c.text ?? '' }])),
  ].filter((f) => f.value !== '');
}
