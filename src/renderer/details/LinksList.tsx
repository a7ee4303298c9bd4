import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import { shortText } from '../../shared/cut-text.js';
import type { NodeLink, NodeLinkPage, nodeLinkKinds } from '../../shared/entity-details-types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { errorMessage } from '../error-message.js';
import { baseName, formatBytes, formatCount, formatTime } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import { useDebounced } from '../use-debounced.js';

/** Rows per page: the server's first page has as many. */
export const PAGE = 10;
const NAME_CHARS = 80;

interface Props {
  client: Client;
  caseId: string;
  nodeId: string;
  links: (typeof nodeLinkKinds)[number];
  title: string;
  /** The first page, as getEntityDetails gave it. */
  first: NodeLinkPage;
  onNavigate?: ((nodeId: string) => void) | undefined;
}

/**
 * A node's neighbours a page at a time, busiest first, searchable on the
 * server (listNodeLinks); each row opens that node's details.
 */
export function LinksList({ client, caseId, nodeId, links, title, first, onNavigate }: Props) {
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useDebounced(search.trim(), 250);
  const [page, setPage] = useState<{ key: string; page: NodeLinkPage } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${query}\n${offset}`;
  const usesFirst = query === '' && offset === 0;
  useEffect(() => {
    if (usesFirst) return;
    let live = true;
    client
      .listNodeLinks({ caseId, nodeId, links, ...(query ? { search: query } : {}), offset, limit: PAGE })
      .then((p) => live && setPage({ key, page: p }))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [client, caseId, nodeId, links, query, offset, key, usesFirst]);
  const shown = usesFirst ? first : page?.key === key ? page.page : null;
  const total = shown?.total ?? 0;
  return (
    <section className="links" data-testid={`links-${links}`}>
      <h3>
        {title} <span className="muted">({formatCount(usesFirst ? first.total : total)}{query ? ' matching' : ''})</span>
      </h3>
      {(first.total > PAGE || query) && (
        <input
          type="search"
          className="links-search"
          placeholder="Search…"
          aria-label={`Search ${title.toLowerCase()}`}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setOffset(0);
          }}
        />
      )}
      {error && <p className="error">{error}</p>}
      {!shown && <p className="muted small">Loading…</p>}
      {shown && shown.rows.length === 0 && <p className="muted small">Nothing matches.</p>}
      {shown && shown.rows.length > 0 && (
        <ol className="link-rows" start={offset + 1}>
          {shown.rows.map((r) => (
            <li key={r.nodeId}>
              <LinkRow row={r} onNavigate={onNavigate} />
            </li>
          ))}
        </ol>
      )}
      {shown && total > PAGE && (
        <div className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <span className="muted small" data-testid="pager-position">
            {formatCount(offset + 1)}–{formatCount(Math.min(total, offset + PAGE))} of {formatCount(total)}
          </span>
          <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </div>
      )}
    </section>
  );
}

function LinkRow({ row: r, onNavigate }: { row: NodeLink; onNavigate?: ((nodeId: string) => void) | undefined }) {
  const name = r.kind === 'destination' ? (r.destination ?? '') : r.kind === 'process' ? baseName(r.process ?? '') : r.host;
  const context = r.kind === 'process' && r.destination !== null ? r.host : null;
  const label = (
    <>
      {r.score !== null && r.score > 0 && <span className="score-badge">{r.score.toFixed(2)}</span>} <VisibleText text={shortText(name, NAME_CHARS)} />
      {context && (
        <span className="muted small">
          {' '}
          on <VisibleText text={shortText(context, NAME_CHARS)} />
        </span>
      )}
    </>
  );
  return (
    <>
      {onNavigate ? (
        <button type="button" className="link-button" title={revealHidden(r.process ?? r.destination ?? r.host)} onClick={() => onNavigate(r.nodeId)}>
          {label}
        </button>
      ) : (
        <span title={revealHidden(r.process ?? r.destination ?? r.host)}>{label}</span>
      )}
      <div className="muted small">
        {formatCount(r.events)} connections · {formatBytes(r.bytesOut)} out · last {formatTime(r.lastSeen)}
      </div>
    </>
  );
}
