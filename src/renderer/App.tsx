import { useCallback, useEffect, useState } from 'react';
import { describeError, RemoteError } from '../shared/error-payload.js';
import type { AppInfo, CaseSummary, EntityDetails, Graph } from '../shared/types.js';
import type { Connection } from './connect.js';
import { DetailsPanel } from './components/DetailsPanel.js';
import { GraphView } from './components/GraphView.js';
import { ImportStatus, type ImportState } from './components/ImportStatus.js';
import { TopBar, type View } from './components/TopBar.js';
import { IntelView } from './intel/IntelView.js';
import { formatCount, formatTime } from './format.js';
import { useLayout } from './graph/use-layout.js';
import { useDebounced } from './use-debounced.js';

const IDLE_IMPORT: ImportState = { running: false, progress: null, results: [], error: null };

function message(err: unknown): string {
  return err instanceof RemoteError ? describeError(err.payload) : String(err);
}

/** The one screen: case and import on top, the graph in the middle, details of the selection on the right. */
export function App({ connection }: { connection: Connection }) {
  const { client } = connection;
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Details belong to the node they were fetched for; until they arrive for the selection, it is loading.
  const [details, setDetails] = useState<{ nodeId: string; data: EntityDetails | null; error: string | null } | null>(null);
  const [search, setSearch] = useState('');
  const [hideInternal, setHideInternal] = useState(false);
  const [importState, setImportState] = useState<ImportState>(IDLE_IMPORT);
  const [importAbort, setImportAbort] = useState<AbortController | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [graphVersion, setGraphVersion] = useState(0);
  const [view, setView] = useState<View>('graph');
  const debouncedSearch = useDebounced(search, 250);
  const positions = useLayout(graph);

  const refreshCases = useCallback(async () => setCases(await client.listCases({})), [client]);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const appInfo = await client.getAppInfo({});
        if (!live) return;
        setInfo(appInfo);
        setCases(await client.listCases({}));
        if (appInfo.startCaseId) setCaseId(appInfo.startCaseId);
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

  useEffect(() => {
    if (!caseId || !selectedId) return;
    let live = true;
    client
      .getEntityDetails({ caseId, nodeId: selectedId })
      .then((d) => live && setDetails({ nodeId: selectedId, data: d, error: null }))
      .catch((err: unknown) => live && setDetails({ nodeId: selectedId, data: null, error: message(err) }));
    return () => {
      live = false;
    };
  }, [client, caseId, selectedId]);

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

  const importFiles = async (files: File[]) => {
    if (!caseId || importState.running) return;
    const controller = new AbortController();
    setImportAbort(controller);
    setImportState({ running: true, progress: null, results: [], error: null });
    try {
      const sources = [];
      for (const f of files) sources.push(await connection.toSource(f));
      const { files: results } = await client.importFiles(
        { caseId, sources },
        { signal: controller.signal, onProgress: (progress) => setImportState((s) => ({ ...s, progress })) },
      );
      setImportState({ running: false, progress: null, results, error: null });
    } catch (err) {
      setImportState({ running: false, progress: null, results: [], error: message(err) });
    } finally {
      setImportAbort(null);
      await refreshCases().catch(() => undefined);
      setGraphVersion((v) => v + 1);
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
        if (view === 'graph') void importFiles([...e.dataTransfer.files]);
      }}
    >
      <TopBar
        view={view}
        onView={setView}
        cases={cases}
        caseId={caseId}
        onOpenCase={(id) => void openCase(id)}
        onCreateCase={(name) => void createCase(name)}
        onImport={(files) => void importFiles(files)}
        importing={importState.running}
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
      {view === 'intel' && <IntelView connection={connection} />}
      <ImportStatus state={importState} onCancel={() => importAbort?.abort()} onDismiss={() => setImportState(IDLE_IMPORT)} />
      <main className={`workspace${selectedId ? ' with-details' : ''}`} hidden={view !== 'graph'}>
        <section className="graph-pane">
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
                  <p>Import Zeek conn.log (TSV or JSON) or Sysmon JSON exports with “Import files…”, or drop files here.</p>
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
        {selectedId && (
          <DetailsPanel
            details={details?.nodeId === selectedId ? details.data : null}
            loading={details?.nodeId !== selectedId}
            error={details?.nodeId === selectedId ? details.error : null}
            onClose={() => setSelectedId(null)}
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
      <span className="swatch destination internal" /> internal IP
    </div>
  );
}

function countKinds(graph: Graph): Record<'host' | 'process' | 'destination', number> {
  const c = { host: 0, process: 0, destination: 0 };
  for (const n of graph.nodes) c[n.kind]++;
  return c;
}
