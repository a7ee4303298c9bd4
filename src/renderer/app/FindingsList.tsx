import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Finding } from '../../shared/analysis-types.js';
import type { Client } from '../../shared/client.js';
import { viewEdgeId } from '../../shared/graph-view-types.js';
import { allowlistFinding, allowlistTitle, findingTitle, setFindingVerdict, VERDICTS, type VerdictChoice } from '../analysis/finding-actions.js';
import { errorMessage } from '../error-message.js';
import { formatCount, plural } from '../format.js';
import { findingEdge } from '../model/selectors.js';
import { current } from '../model/view-state.js';
import { useFindingsSearch } from '../analysis/use-findings-search.js';
import { VisibleText } from '../text/VisibleText.js';
import { useModel, useView } from './use-model.js';

interface Props {
  client: Client;
  caseId: string;
  listRef: RefObject<HTMLUListElement | null>;
}

/**
 * The case's findings, strongest first. ↑/↓ move, Enter (or a click) selects:
 * the finding's edge is focused in the graph and its destination's details
 * open. Verdicts and the allowlist are right on the selected one.
 */
export function FindingsList({ client, caseId, listRef }: Props) {
  const model = useModel();
  const loaded = useView((s) => s.loaded.findings);
  const graph = useView((s) => current(s.loaded.graph));
  const selected = useView((s) => s.selectedFinding);
  const loadedPage = current(loaded);
  const [search, setSearch] = useState('');
  const searched = useFindingsSearch(client, caseId, search, loadedPage);
  const searching = search.trim() !== '';
  const page = searching ? searched.page : loadedPage;
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const items = useRef<(HTMLLIElement | null)[]>([]);

  const list = page?.findings ?? [];
  const choose = (f: Finding) => {
    const edge = graph ? findingEdge(graph, f) : null;
    model.dispatch({ type: 'selectFinding', findingId: f.id, edgeId: edge !== null && graph ? viewEdgeId(graph, edge) : null, nodeId: `ip:${f.dst}` });
  };
  useEffect(() => {
    items.current[active]?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKey = (e: KeyboardEvent) => {
    if (list.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(list.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const f = list[active];
      if (f) choose(f);
    }
  };
  const act = async (run: () => Promise<void>) => {
    try {
      setError(null);
      await run();
      model.dispatch({ type: 'refresh' });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <aside className="findings-list" aria-label="Findings" data-testid="findings-list">
      <h2>
        Findings{' '}
        {page && (
          <span className="muted">
            {page.total > list.length ? `${formatCount(list.length)} of ${formatCount(page.total)}` : formatCount(page.total)}
          </span>
        )}
      </h2>
      <input
        type="search"
        className="findings-search"
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setActive(0);
        }}
        placeholder="Find in findings, notes, tags"
        aria-label="Find in findings, notes and tags"
        maxLength={200}
      />
      {error && <p className="error">{error}</p>}
      {searched.error && <p className="error">{searched.error}</p>}
      {searching && page && list.length === 0 && <p className="muted">No finding, note or tag holds “{search.trim()}”.</p>}
      {loaded.status === 'loading' && !page && <p className="muted">Loading findings…</p>}
      {loaded.status === 'error' && <p className="error">Findings could not be read: {loaded.error}</p>}
      {!searching && page && list.length === 0 && <p className="muted">No findings: this case has not been analysed yet, or nothing stood out.</p>}
      {list.length > 0 && (
        <ul ref={listRef} tabIndex={0} role="listbox" aria-label="Findings, strongest first" aria-activedescendant={`finding-${list[active]?.id ?? ''}`} onKeyDown={onKey}>
          {list.map((f, i) => (
            <li
              key={f.id}
              id={`finding-${f.id}`}
              ref={(el) => {
                items.current[i] = el;
              }}
              role="option"
              aria-selected={f.id === selected}
              className={`finding-item sev-${f.severity ?? 'none'}${i === active ? ' active' : ''}${f.id === selected ? ' selected' : ''}`}
              data-testid="finding-item"
              onClick={() => {
                setActive(i);
                choose(f);
              }}
            >
              <div className="finding-line">
                <span className={`score-badge sev-${f.severity ?? 'none'}`}>{f.score.toFixed(2)}</span>{' '}
                <VisibleText text={findingTitle(f)} />
              </div>
              <div className="muted finding-kinds">
                {f.kinds.join(' · ')} · {plural(f.events, 'connection')}
                {f.verdict && <> · verdict: {f.verdict}</>}
              </div>
              <FindingNotesLine notes={f.notes} />
              {f.id === selected && (
                <div className="finding-open" onClick={(e) => e.stopPropagation()}>
                  <ul className="explanations">
                    {f.explanations.map((x, j) => (
                      <li key={j} data-kind={x.kind}>
                        <span className="kind-tag">{x.kind}</span> <VisibleText text={x.text} />
                      </li>
                    ))}
                  </ul>
                  <div className="verdict-buttons" role="group" aria-label="Verdict">
                    {VERDICTS.filter((v) => v.verdict !== 'clear' || f.verdict !== null).map((v) => (
                      <button key={v.verdict} type="button" aria-pressed={f.verdict === v.verdict} onClick={() => void act(() => setFindingVerdict(client, caseId, f, v.verdict as VerdictChoice))}>
                        {v.label}
                      </button>
                    ))}
                    {!f.kinds.includes('suppressed') && (
                      <button type="button" title={allowlistTitle(f)} onClick={() => void act(() => allowlistFinding(client, caseId, f, 'from the findings list'))}>
                        Allowlist
                      </button>
                    )}
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

/** The analyst's mark on a finding (on it or its destination): a note marker with the count, and the tags. */
function FindingNotesLine({ notes }: { notes: Finding['notes'] }) {
  if (!notes || (notes.notes === 0 && notes.tags.length === 0)) return null;
  return (
    <div className="finding-notes small">
      {notes.notes > 0 && (
        <span className="note-marker" data-testid="note-marker" title={`${plural(notes.notes, 'note')} on this finding or its destination`}>
          ✎ {formatCount(notes.notes)}
        </span>
      )}
      {notes.tags.map((t) => (
        <span key={t} className="tag-chip small" data-testid="finding-tag">
          <VisibleText text={t} />
        </span>
      ))}
    </div>
  );
}
