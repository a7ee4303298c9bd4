import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo } from '../shared/types.js';
import { AnalysisBar } from './analysis/AnalysisBar.js';
import { useAnalysis } from './analysis/use-analysis.js';
import { DetailsSlot } from './app/DetailsSlot.js';
import { FiltersBar } from './app/FiltersBar.js';
import { FindingsList } from './app/FindingsList.js';
import { GraphPane } from './app/GraphPane.js';
import type { GraphCanvasHandle } from './graph/canvas/GraphCanvas.js';
import { HelpOverlay } from './app/HelpOverlay.js';
import { shortcutOf } from './app/shortcuts.js';
import { applyTheme, nextTheme, storedTheme } from './app/theme.js';
import { TimeBrush } from './app/TimeBrush.js';
import { TopBar } from './app/TopBar.js';
import { startUrlSync } from './app/url-sync.js';
import { useCases } from './app/use-cases.js';
import { DeleteCaseDialog } from './app/DeleteCaseDialog.js';
import { ModelContext, useModel, useView } from './app/use-model.js';
import { clientSource } from './app/view-source.js';
import { ImportStatus } from './components/ImportStatus.js';
import type { Connection } from './connect.js';
import { errorMessage as message } from './error-message.js';
import { ImportDialog } from './import/ImportDialog.js';
import { ImportsView } from './import/ImportsView.js';
import { ReportDialog } from './report/ReportDialog.js';
import { useImportSession } from './import/use-import-session.js';
import { IntelView } from './intel/IntelView.js';
import { startLoader } from './model/loader.js';
import { nodeIndex, searchMatch } from './model/selectors.js';
import { createViewModel } from './model/view-model.js';
import { current, initialViewState } from './model/view-state.js';

/** The one screen, as views over the headless view model (src/renderer/model). */
export function App({ connection }: { connection: Connection }) {
  const model = useMemo(() => createViewModel(initialViewState({ theme: storedTheme() })), []);
  return (
    <ModelContext.Provider value={model}>
      <Shell connection={connection} />
    </ModelContext.Provider>
  );
}

function Shell({ connection }: { connection: Connection }) {
  const { client } = connection;
  const model = useModel();
  const caseId = useView((s) => s.caseId);
  const view = useView((s) => s.view);
  const theme = useView((s) => s.theme);
  const revision = useView((s) => s.revision);
  const selection = useView((s) => s.selection);
  const graph = useView((s) => current(s.loaded.graph));
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [deletingCase, setDeletingCase] = useState(false);
  const [dragging, setDragging] = useState(false);
  const surface = useRef<GraphCanvasHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const findingsRef = useRef<HTMLUListElement>(null);
  const fail = useCallback((err: unknown) => setError(message(err)), []);
  const cases = useCases(client, fail);
  const { opened, refresh: refreshCases } = cases;

  useEffect(() => startLoader(model, clientSource(client), { errorMessage: message }), [model, client]);
  useEffect(() => startUrlSync(model, window, (problems) => setError(`Parts of the address were left out: ${problems.join('; ')}`)), [model]);
  useEffect(() => applyTheme(theme), [theme]);

  // The footer's facts at once; the start case (the last one, else the demo case, which a first start
  // builds meanwhile) when the address names none. Opening remembers it (recent cases, the next start).
  const [startCase, setStartCase] = useState<'waiting' | 'known'>('waiting');
  useEffect(() => {
    let live = true;
    client.getAppInfo({}).then((appInfo) => live && setInfo(appInfo), fail);
    client
      .getStartCase({})
      .then(({ caseId: start }) => {
        if (!live) return;
        setStartCase('known');
        if (model.getState().caseId === null && start) model.dispatch({ type: 'openCase', caseId: start });
      })
      .catch((err: unknown) => {
        if (!live) return;
        setStartCase('known');
        fail(err);
      });
    return () => {
      live = false;
    };
  }, [client, model, fail]);
  const preparingDemo = info?.preparing === 'demo-case' && startCase === 'waiting';
  useEffect(() => {
    if (!caseId) return;
    // The list read at start may predate this case (the demo case is built on the first start).
    client
      .openCase({ caseId })
      .then(() => {
        opened(caseId);
        return refreshCases();
      })
      .catch(fail);
  }, [client, caseId, opened, refreshCases, fail]);

  const afterImport = useCallback(() => {
    refreshCases().catch(fail);
    model.dispatch({ type: 'refresh' });
  }, [refreshCases, model, fail]);
  const importSession = useImportSession(connection, afterImport);
  const currentCase = cases.list.find((c) => c.id === caseId);
  const analysis = useAnalysis(client, caseId, `${revision}:${view}`, () => model.dispatch({ type: 'refresh' }), (currentCase?.eventCount ?? 0) > 0);

  const createCase = async (name: string) => {
    try {
      const created = await client.createCase({ name });
      await refreshCases();
      model.dispatch({ type: 'openCase', caseId: created.id });
    } catch (err) {
      fail(err);
    }
  };

  // The deleted case gives way to another one (none when it was the last).
  const caseDeleted = async (deleted: string) => {
    setDeletingCase(false);
    const next = cases.list.find((c) => c.id !== deleted && c.problem === undefined)?.id ?? null;
    try {
      await refreshCases();
    } catch (err) {
      fail(err);
    }
    if (model.getState().caseId === deleted) model.dispatch({ type: 'openCase', caseId: next });
  };

  const exportView = async (format: 'svg' | 'png') => {
    const handle = surface.current;
    if (!handle) return setError('Nothing drawn to export.');
    try {
      const svg = format === 'svg' ? handle.exportSvg() : '';
      // The surface answers nothing while it is not on the page (a layout running): no empty file.
      if (format === 'svg' && !svg) return setError('The graph is still being laid out: export it in a moment.');
      const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await handle.exportPng();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${currentCase?.name.replace(/[^\w.-]+/g, '_') ?? 'sightline'}-graph.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (err) {
      fail(err);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const inField = t !== null && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
      const name = shortcutOf(e, inField);
      if (!name || document.querySelector('dialog[open]:not([data-testid="help-overlay-dialog"])')) return;
      const d = model.dispatch;
      const s = model.getState();
      switch (name) {
        case 'help':
          setHelp((h) => !h);
          break;
        case 'search':
          searchRef.current?.focus();
          break;
        case 'undo':
          if (inField) return;
          d({ type: 'undo' });
          break;
        case 'redo':
          if (inField) return;
          d({ type: 'redo' });
          break;
        case 'fit':
          surface.current?.fitToView();
          break;
        case 'hide':
          d({ type: 'hideNodes', nodeIds: s.selection });
          break;
        case 'showAll':
          d({ type: 'showAllNodes' });
          break;
        case 'unpin':
          d({ type: 'unpin', nodeIds: s.selection });
          break;
        case 'unpinAll':
          d({ type: 'unpinAll' });
          break;
        case 'layout':
          d({ type: 'setLayout', layout: s.layout === 'columns' ? 'force' : 'columns' });
          break;
        case 'theme':
          d({ type: 'setTheme', theme: nextTheme(s.theme) });
          break;
        case 'findings':
          findingsRef.current?.focus();
          break;
        case 'escape':
          if (help) setHelp(false);
          else if (inField) t?.blur();
          else d({ type: 'select', nodeId: null });
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [model, help]);

  const selectedId = selection[selection.length - 1] ?? null;
  const selectedNode = graph && selectedId ? (graph.nodes[nodeIndex(graph).get(selectedId) ?? -1] ?? null) : null;
  const focusSearchMatch = () => {
    const s = model.getState();
    const g = current(s.loaded.graph);
    const match = g ? searchMatch(g, s.query.search) : null;
    if (g && match !== null) model.dispatch({ type: 'select', nodeId: g.nodes[match]?.id ?? null });
  };
  const dropOk = view !== 'intel' && caseId !== null;

  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => e.relatedTarget === null && setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const files = [...e.dataTransfer.files];
        if (files.length === 0) return;
        if (!dropOk) return setError(caseId === null ? 'Create or open a case first, then drop the files again.' : 'Files dropped on the Intel view are not imported: use its own import.');
        importSession.pick(files);
      }}
    >
      <TopBar
        cases={cases.list}
        recent={cases.recent}
        onOpenCase={(id) => model.dispatch({ type: 'openCase', caseId: id })}
        onCreateCase={(name) => void createCase(name)}
        onDeleteCase={() => setDeletingCase(true)}
        onImport={() => importSession.pick([])}
        importing={importSession.run.phase === 'running'}
        searchRef={searchRef}
        onSearchEnter={focusSearchMatch}
        onHelp={() => setHelp(true)}
        onReport={analysis.run?.state === 'done' ? () => setReporting(true) : null}
      />
      {error && (
        <div className="banner error" role="alert">
          {error}
          <button type="button" className="icon" onClick={() => setError(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          {dropOk ? `Drop to import into ${currentCase?.name ?? 'this case'}` : 'Open a case to import files'}
        </div>
      )}
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {deletingCase && currentCase && <DeleteCaseDialog key={currentCase.id} client={client} target={currentCase} onDeleted={(id) => void caseDeleted(id)} onClose={() => setDeletingCase(false)} />}
      {reporting && caseId && (
        <ReportDialog
          key={caseId}
          connection={connection}
          caseId={caseId}
          caseName={currentCase?.name ?? caseId}
          graphSvg={() => surface.current?.exportSvg() || null}
          onClose={() => setReporting(false)}
        />
      )}
      {view === 'intel' && (
        <IntelView
          connection={connection}
          onOpenNode={(id, nodeId) => {
            model.dispatch({ type: 'openCase', caseId: id });
            model.dispatch({ type: 'setView', view: 'graph' });
            model.dispatch({ type: 'select', nodeId });
          }}
        />
      )}
      {!importSession.open && <ImportStatus run={importSession.run} onShow={() => importSession.setOpen(true)} onCancel={importSession.cancel} onDismiss={importSession.dismiss} />}
      {importSession.open && caseId && (
        <ImportDialog
          connection={connection}
          session={importSession}
          caseId={importSession.run.caseId ?? caseId}
          caseName={cases.list.find((c) => c.id === (importSession.run.caseId ?? caseId))?.name ?? caseId}
          onShowImports={() => {
            importSession.close();
            model.dispatch({ type: 'setView', view: 'imports' });
          }}
        />
      )}
      {view === 'imports' && !caseId && (
        <main className="imports-view">
          <p className="muted">Create a case to start.</p>
        </main>
      )}
      {view === 'imports' && caseId && (
        <ImportsView
          client={client}
          caseId={caseId}
          caseName={currentCase?.name ?? caseId}
          version={revision}
          onRemoved={() => {
            model.dispatch({ type: 'select', nodeId: null });
            model.dispatch({ type: 'refresh' });
            refreshCases().catch(fail);
          }}
        />
      )}
      {view === 'graph' && caseId && <FiltersBar onFit={() => surface.current?.fitToView()} onExport={(f) => void exportView(f)} />}
      <main className={`workspace${selectedId ? ' with-details' : ''}${caseId ? ' with-findings' : ''}`} hidden={view !== 'graph'}>
        {caseId && <FindingsList client={client} caseId={caseId} listRef={findingsRef} />}
        <section className="graph-pane">
          {caseId && <AnalysisBar analysis={analysis} />}
          {caseId && <TimeBrush key={caseId} />}
          {caseId ? (
            <GraphPane ref={surface} emptyCase={currentCase?.eventCount === 0} />
          ) : (
            info && <div className="empty">{preparingDemo ? 'Preparing the demo case…' : 'Create a case to start.'}</div>
          )}
        </section>
        {caseId && selectedId && <DetailsSlot client={client} caseId={caseId} nodeId={selectedId} node={selectedNode} revision={revision} />}
      </main>
      <footer className="statusbar" data-testid="statusbar">
        {info ? `Sightline ${info.version} · ${connection.host === 'desktop' ? 'desktop' : 'local browser host'} · data in ${info.dataHome}` : 'Connecting…'}
        {preparingDemo && <span data-testid="preparing"> · Preparing the demo case…</span>}
      </footer>
    </div>
  );
}
