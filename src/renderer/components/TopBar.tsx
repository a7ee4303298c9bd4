import { useState, type FormEvent } from 'react';
import { shortText } from '../../shared/cut-text.js';
import type { CaseSummary } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';

export type View = 'graph' | 'imports' | 'intel';

const VIEW_LABEL: Record<View, string> = { graph: 'Case graph', imports: 'Imports', intel: 'Intel' };

interface Props {
  view: View;
  onView: (view: View) => void;
  cases: CaseSummary[];
  caseId: string | null;
  onOpenCase: (id: string) => void;
  onCreateCase: (name: string) => void;
  /** Opens the import dialog. */
  onImport: () => void;
  importing: boolean;
  search: string;
  onSearch: (text: string) => void;
  hideInternal: boolean;
  onHideInternal: (hide: boolean) => void;
}

/** The app's header: view tabs, then the controls of the current view. */
export function TopBar(props: Props) {
  return (
    <header className="topbar">
      <span className="brand">Sightline</span>
      <nav className="views" aria-label="Views">
        {(['graph', 'imports', 'intel'] as const).map((v) => (
          <button key={v} type="button" className={props.view === v ? 'active' : ''} aria-pressed={props.view === v} onClick={() => props.onView(v)}>
            {VIEW_LABEL[v]}
          </button>
        ))}
      </nav>
      {props.view !== 'intel' && <CaseControls {...props} />}
      {props.view === 'graph' && <GraphFilters {...props} />}
    </header>
  );
}

/** Case choice and import: shown with the case's views (graph, imports). */
function CaseControls(props: Props) {
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) props.onCreateCase(name.trim());
    setName('');
    setNaming(false);
  };

  return (
    <>
      <label className="field">
        <span>Case</span>
        <select data-testid="case-select" value={props.caseId ?? ''} onChange={(e) => props.onOpenCase(e.target.value)}>
          {props.caseId === null && <option value="">(no case)</option>}
          {props.cases.map((c) => (
            <option key={c.id} value={c.id} disabled={c.problem !== undefined}>
              {revealHidden(shortText(c.name, 120))}
              {c.problem ? ` — ${revealHidden(c.problem)}` : ''}
            </option>
          ))}
        </select>
      </label>
      {naming ? (
        <form onSubmit={submit} className="new-case">
          <input autoFocus aria-label="New case name" placeholder="Case name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
          <button type="submit">Create</button>
          <button type="button" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setNaming(true)}>
          New case
        </button>
      )}
      <button type="button" className="primary-button" disabled={!props.caseId} onClick={props.onImport} data-testid="open-import">
        {props.importing ? 'Importing…' : 'Import files…'}
      </button>
    </>
  );
}

/** The graph's filters. */
function GraphFilters(props: Props) {
  return (
    <>
      <span className="spacer" />
      <input
        type="search"
        className="search"
        placeholder="Filter: host, process, IP, name"
        aria-label="Filter the graph"
        value={props.search}
        onChange={(e) => props.onSearch(e.target.value)}
      />
      <label className="check">
        <input type="checkbox" checked={props.hideInternal} onChange={(e) => props.onHideInternal(e.target.checked)} />
        Hide internal destinations
      </label>
    </>
  );
}
