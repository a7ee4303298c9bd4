import { useState, type FormEvent, type RefObject } from 'react';
import { shortText } from '../../shared/cut-text.js';
import type { CaseSummary } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { appViews, type AppView, type Theme } from '../model/view-state.js';
import { nextTheme } from './theme.js';
import { useModel, useView } from './use-model.js';

const VIEW_LABEL: Record<AppView, string> = { graph: 'Case graph', imports: 'Imports', intel: 'Intel' };
const THEME_LABEL: Record<Theme, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

interface Props {
  cases: CaseSummary[];
  recent: string[];
  onOpenCase: (id: string) => void;
  onCreateCase: (name: string) => void;
  /** Asks to delete the open case (a confirmation dialog). */
  onDeleteCase: () => void;
  onImport: () => void;
  importing: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  /** Enter in the search box: select the first match. */
  onSearchEnter: () => void;
  onHelp: () => void;
  /** Opens the report builder; null while the case has no finished analysis (the title says why). */
  onReport: (() => void) | null;
}

/** The app's header: views, the case, import, search, theme and help. */
export function TopBar({ searchRef, onSearchEnter, onHelp, onReport, ...caseProps }: Props) {
  const model = useModel();
  const view = useView((s) => s.view);
  const caseId = useView((s) => s.caseId);
  const theme = useView((s) => s.theme);
  const search = useView((s) => s.query.search);
  return (
    <header className="topbar">
      <span className="brand">Sightline</span>
      <nav className="views" aria-label="Views">
        {appViews.map((v) => (
          <button key={v} type="button" className={view === v ? 'active' : ''} aria-pressed={view === v} onClick={() => model.dispatch({ type: 'setView', view: v })}>
            {VIEW_LABEL[v]}
          </button>
        ))}
      </nav>
      {view !== 'intel' && <CaseControls {...caseProps} />}
      {view === 'graph' && caseId && (
        <button type="button" disabled={!onReport} onClick={() => onReport?.()} data-testid="open-report" title={onReport ? 'Write a report of this case (HTML, PDF, CSV, JSON, STIX, MISP)' : 'A report needs a finished analysis of the case'}>
          Report…
        </button>
      )}
      <span className="spacer" />
      {view === 'graph' && (
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder="Search: host, process, IP, name  (/)"
          aria-label="Search the graph"
          value={search}
          maxLength={200}
          onChange={(e) => model.dispatch({ type: 'setSearch', search: e.target.value })}
          onKeyDown={(e) => e.key === 'Enter' && onSearchEnter()}
        />
      )}
      <button type="button" onClick={() => model.dispatch({ type: 'setTheme', theme: nextTheme(theme) })} data-testid="theme-toggle" title="Switch theme (T)">
        {THEME_LABEL[theme]}
      </button>
      <button type="button" className="icon" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </button>
    </header>
  );
}

function caseLabel(c: CaseSummary): string {
  return `${revealHidden(shortText(c.name, 120))}${c.problem ? ` — ${revealHidden(c.problem)}` : ''}`;
}

/** Case choice (recent cases first) and import: shown with the case's views. */
function CaseControls(props: Omit<Props, 'searchRef' | 'onSearchEnter' | 'onHelp' | 'onReport'>) {
  const caseId = useView((s) => s.caseId);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) props.onCreateCase(name.trim());
    setName('');
    setNaming(false);
  };
  const recent = props.recent.map((id) => props.cases.find((c) => c.id === id)).filter((c): c is CaseSummary => c !== undefined && c.id !== caseId);
  return (
    <>
      <label className="field">
        <span>Case</span>
        <select data-testid="case-select" value={caseId ?? ''} onChange={(e) => e.target.value && props.onOpenCase(e.target.value)}>
          {(caseId === null || !props.cases.some((c) => c.id === caseId)) && <option value={caseId ?? ''}>{caseId === null ? '(no case)' : 'Opening…'}</option>}
          {recent.length > 0 && (
            <optgroup label="Recent">
              {recent.map((c) => (
                <option key={`recent-${c.id}`} value={c.id} disabled={c.problem !== undefined}>
                  {caseLabel(c)}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label="All cases">
            {props.cases.map((c) => (
              <option key={c.id} value={c.id} disabled={c.problem !== undefined}>
                {caseLabel(c)}
              </option>
            ))}
          </optgroup>
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
        <>
          <button type="button" onClick={() => setNaming(true)}>
            New case
          </button>
          {caseId && props.cases.some((c) => c.id === caseId) && (
            <button type="button" onClick={props.onDeleteCase} data-testid="delete-case" aria-label="Delete case…" title="Delete this case and everything in it">
              Delete…
            </button>
          )}
        </>
      )}
      <button type="button" className="primary-button" disabled={!caseId} onClick={props.onImport} data-testid="open-import">
        {props.importing ? 'Importing…' : 'Import files…'}
      </button>
    </>
  );
}
