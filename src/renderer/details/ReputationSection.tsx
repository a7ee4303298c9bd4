import { shortText } from '../../shared/cut-text.js';
import type { IocHit, Reputation, SuppressionReasonView } from '../../shared/entity-details-types.js';
import { formatTime } from '../format.js';
import { PostQuote } from '../intel/PostQuote.js';
import { VisibleText } from '../text/VisibleText.js';

const VALUE_CHARS = 200;
const HOW: Record<IocHit['how'], string> = {
  exact: 'exact',
  cidr: 'in the network',
  domain: 'the name',
  'parent-domain': 'a parent domain of',
  'url-host': 'the host of the URL, met by',
};

/**
 * The IoC store's word on an address, its names or a hash: each hit with its
 * score now and as of the connection and the posts behind it; hits set aside
 * (allowlist, false positive, warninglist) shown as such with every reason.
 */
export function ReputationSection({ reputation, title = 'Reputation' }: { reputation: Reputation; title?: string }) {
  const { hits, suppressed } = reputation;
  return (
    <section className="reputation" data-testid="reputation">
      <h3>
        {title}{' '}
        <span className="muted">
          {hits.length === 0 && suppressed.length === 0 ? '(no IoC hit)' : `(${hits.length} ${hits.length === 1 ? 'hit' : 'hits'}${suppressed.length > 0 ? `, ${suppressed.length} set aside` : ''})`}
        </span>
      </h3>
      {hits.map((h) => (
        <HitCard key={`${h.type}:${h.value}:${h.via}`} hit={h} />
      ))}
      {suppressed.map((h) => (
        <HitCard key={`s:${h.type}:${h.value}:${h.via}`} hit={h} />
      ))}
    </section>
  );
}

function HitCard({ hit: h }: { hit: IocHit }) {
  const set = h.reasons.length > 0;
  return (
    <article className={`ioc-hit${set ? ' suppressed' : ''}`} data-testid={set ? 'ioc-suppressed' : 'ioc-hit'}>
      <header>
        <span className={`score-badge${set ? '' : ' sev-high'}`}>{Math.round(h.atConnection?.score ?? h.scoreNow)}</span>{' '}
        <span className="mono">
          <VisibleText text={shortText(h.value, VALUE_CHARS)} />
        </span>{' '}
        <span className="muted small">
          {h.type} · {HOW[h.how]}
          {h.how !== 'exact' && (
            <>
              {' '}
              <VisibleText text={shortText(h.via, VALUE_CHARS)} />
            </>
          )}
        </span>
      </header>
      {set && (
        <ul className="suppression-reasons" data-testid="suppression-reasons">
          {h.reasons.map((r, i) => (
            <li key={i}>
              <VisibleText text={reasonText(r)} />
            </li>
          ))}
        </ul>
      )}
      <p className="small" data-testid="ioc-scores">
        Score now {Math.round(h.scoreNow)}
        {h.expiredNow ? ' (expired)' : ''}
        {h.atConnection && (
          <>
            {' · '}at the connection ({formatTime(h.atConnection.at)}) {Math.round(h.atConnection.score)}
            {h.atConnection.expired ? ' (expired)' : ''}
          </>
        )}
        {h.reportedAfter && (
          <>
            {' · '}first reported after the last connection, {formatTime(h.reportedAfter.at)} (score then {Math.round(h.reportedAfter.score)})
          </>
        )}
      </p>
      <p className="muted small">
        {h.sightings} {h.sightings === 1 ? 'sighting' : 'sightings'} from <VisibleText text={h.sources.join(', ')} /> · reported {formatTime(h.firstReported)} → {formatTime(h.lastReported)}
        {h.verdict && <> · verdict: {h.verdict}</>}
        {h.labels.length > 0 && (
          <>
            {' · '}
            <VisibleText text={h.labels.join(' ')} />
          </>
        )}
      </p>
      {h.citations.length > 0 && (
        <ol className="sightings">
          {h.citations.map((c) => (
            <li key={`${c.source}:${c.ref}`}>
              <PostQuote source={c.source} author={c.author} at={c.postedAt} text={c.text} link={c.link} />
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

function reasonText(r: SuppressionReasonView): string {
  switch (r.kind) {
    case 'allowlist':
      return `on the allowlist since ${formatTime(r.since)}${r.note ? ` (${r.note})` : ''}`;
    case 'false-positive':
      return `marked false positive${r.note ? ` (${r.note})` : ''}`;
    case 'warninglist':
      return `${r.on === 'indicator' ? 'the indicator' : `the destination ${r.value}`} is on the warninglist "${r.list}" (entry ${r.matched})`;
  }
}
