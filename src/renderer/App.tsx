import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, CaseSummary, Graph } from '../shared/types.js';
import type { Connection } from './connect.js';
import { DetailsPanel } from './components/DetailsPanel.js';
import { GraphView } from './components/GraphView.js';
import { ImportStatus } from './components/ImportStatus.js';
import { TopBar, type View } from './components/TopBar.js';
import { errorMessage as message } from './error-message.js';
import { AnalysisBar } from './analysis/AnalysisBar.js';
import { useAnalysis } from './analysis/use-analysis.js';
import { ImportDialog } from './import/ImportDialog.js';
import { ImportsView } from './import/ImportsView.js';
import { useImportSession } from './import/use-import-session.js';
import { IntelView } from './intel/IntelView.js';
import { formatCount, formatTime } from './format.js';
import { useLayout } from './graph/use-layout.js';
import { useDebounced } from './use-debounced.js';

/** The one screen: case and import on top, the graph in the middle, details of the selection on the right. */
export function App({ connection }: { connection: Connection }) {
  const { client } = connection;
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [hideInternal, setHideInternal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [graphVersion, setGraphVersion] = useState(0);
  const [view, setView] = useState<View>('graph');
  const debouncedSearch = useDebounced(search, 250);
  const positions = useLayout(graph);

  const refreshCases = useCallback(async () => setCases(await client.listCases({})), [client]);
  const afterImport = useCallback(() => {
    refreshCases().catch(() => undefined);
    setGraphVersion((v) => v + 1);
  }, [refreshCases]);
  const importSession = useImportSession(connection, afterImport);
  const [findingsVersion, setFindingsVersion] = useState(0);
  const analysis = useAnalysis(
    client,
    caseId,
    `${graphVersion}:${view}`,
    () => {
      setFindingsVersion((v) => v + 1);
      setGraphVersion((v) => v + 1);
    },
    (cases.find((c) => c.id === caseId)?.eventCount ?? 0) > 0,
  );

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const appInfo = await client.getAppInfo({});
        if (!live) return;
        setInfo(appInfo);
        const listed = await client.listCases({});
        // The first load can take a while (the demo case is built then); a case the user created
        // or opened meanwhile wins over the start case, and its fresher list over this one.
        setCases((current) => (current.length > 0 ? current : listed));
        const start = appInfo.startCaseId;
        if (start) setCaseId((current) => current ?? start);
      } catch (err) {
        if (live) setError(message(err));
      }
    })();
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => {
    if (!caseId) return;
    let live = true;
    client
      .getGraph({ caseId, ...(debouncedSearch ? { search: debouncedSearch } : {}), includeInternal: !hideInternal })
      .then((g) => live && setGraph(g))
      .catch((err: unknown) => live && setError(message(err)));
    return () => {
      live = false;
    };
  }, [client, caseId, debouncedSearch, hideInternal, graphVersion]);

  const openCase = async (id: string) => {
    try {
      await client.openCase({ caseId: id });
      setSelectedId(null);
      setGraph(null);
      setCaseId(id);
      // Re-opening the current case must fetch its graph again, not wait on an unchanged id.
      setGraphVersion((v) => v + 1);
    } catch (err) {
      setError(message(err));
    }
  };

  const createCase = async (name: string) => {
    try {
      const created = await client.createCase({ name });
      await refreshCases();
      await openCase(created.id);
    } catch (err) {
      setError(message(err));
    }
  };

  const current = cases.find((c) => c.id === caseId);
  const counts = graph ? countKinds(graph) : null;

  return (
    <div
      className="app"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        if (view !== 'intel' && caseId && e.dataTransfer.files.length > 0) importSession.pick([...e.dataTransfer.files]);
      }}
    >
      <TopBar
        view={view}
        onView={setView}
        cases={cases}
        caseId={caseId}
        onOpenCase={(id) => void openCase(id)}
        onCreateCase={(name) => void createCase(name)}
        onImport={() => importSession.pick([])}
        importing={importSession.run.phase === 'running'}
        search={search}
        onSearch={setSearch}
        hideInternal={hideInternal}
        onHideInternal={setHideInternal}
      />
      {error && (
        <div className="banner error" role="alert">
          {error}
          <button type="button" className="icon" onClick={() => setError(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {view === 'intel' && (
        <IntelView
          connection={connection}
          onOpenNode={(id, nodeId) => {
            setView('graph');
            void openCase(id).then(() => setSelectedId(nodeId));
          }}
        />
      )}
      {!importSession.open && (
        <ImportStatus run={importSession.run} onShow={() => importSession.setOpen(true)} onCancel={importSession.cancel} onDismiss={importSession.dismiss} />
      )}
      {importSession.open && caseId && (
        <ImportDialog
          connection={connection}
          session={importSession}
          caseId={importSession.run.caseId ?? caseId}
          caseName={cases.find((c) => c.id === (importSession.run.caseId ?? caseId))?.name ?? caseId}
          onShowImports={() => {
            importSession.close();
            setView('imports');
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
          caseName={current?.name ?? caseId}
          version={graphVersion}
          onRemoved={() => {
            setSelectedId(null);
            setGraphVersion((v) => v + 1);
            refreshCases().catch(() => undefined);
          }}
        />
      )}
      <main className={`workspace${selectedId ? ' with-details' : ''}`} hidden={view !== 'graph'}>
        <section className="graph-pane">
          {caseId && <AnalysisBar analysis={analysis} />}
          {counts && graph && graph.nodes.length > 0 && (
            <div className="graph-stats" data-testid="graph-stats">
              {formatCount(counts.host)} hosts · {formatCount(counts.process)} processes · {formatCount(counts.destination)} destinations ·{' '}
              {formatTime(graph.timeRange.first)} → {formatTime(graph.timeRange.last)}
              {graph.omittedDestinations > 0 && ` · ${formatCount(graph.omittedDestinations)} less active destinations hidden`}
            </div>
          )}
          {graph && graph.nodes.length === 0 && (
            <div className="empty" data-testid="empty-case">
              {current && current.eventCount === 0 ? (
                <>
                  <h2>This case has no telemetry yet</h2>
                  <p>
                    Import Zeek, Sysmon, NetFlow, Suricata or firewall logs, or any CSV export of a SIEM or EDR, with “Import files…”, or drop files here.
                  </p>
                </>
              ) : (
                <p>Nothing matches the filter.</p>
              )}
            </div>
          )}
          {!caseId && info && <div className="empty">Create a case to start.</div>}
          {graph && graph.nodes.length > 0 && !positions && <div className="empty muted">Laying out {formatCount(graph.nodes.length)} nodes…</div>}
          {graph && positions && graph.nodes.length > 0 && <GraphView graph={graph} positions={positions} selectedId={selectedId} onSelect={setSelectedId} />}
          <Legend />
        </section>
        {selectedId && caseId && (
          <DetailsPanel
            client={client}
            caseId={caseId}
            nodeId={selectedId}
            onClose={() => setSelectedId(null)}
            onNavigate={setSelectedId}
            version={findingsVersion}
            onVerdict={() => setGraphVersion((v) => v + 1)}
          />
        )}
      </main>
      <footer className="statusbar">
        {info ? `Sightline ${info.version} · ${connection.host === 'desktop' ? 'desktop' : 'local browser host'} · data in ${info.dataHome}` : 'Connecting…'}
      </footer>
    </div>
  );
}

function Legend() {
  return (
    <div className="legend" aria-hidden="true">
      <span className="swatch host" /> host <span className="swatch process" /> process <span className="swatch destination" /> public IP{' '}
      <span className="swatch destination internal" /> internal IP <span className="legend-badge">3</span> alerts · findings:
      <span className="swatch sev sev-info" /> info <span className="swatch sev sev-low" /> low <span className="swatch sev sev-medium" /> medium{' '}
      <span className="swatch sev sev-high" /> high
    </div>
  );
}

function countKinds(graph: Graph): Record<'host' | 'process' | 'destination', number> {
  const c = { host: 0, process: 0, destination: 0 };
  for (const n of graph.nodes) c[n.kind]++;
  return c;
}
