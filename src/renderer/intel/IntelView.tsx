import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import { describeFileError } from '../../shared/error-payload.js';
import { indicatorTypes, type IntelFileResult, type IntelIndicatorRow, type IntelSource, type IntelStats } from '../../shared/types.js';
import type { Connection } from '../connect.js';
import { formatCount, formatTime } from '../format.js';
import { useDebounced } from '../use-debounced.js';
import { IndicatorTable } from './IndicatorTable.js';
import { ProvenancePanel } from './ProvenancePanel.js';
import { useIndicatorPages } from './use-indicator-pages.js';

/** The IoC store: sources on the left, the indicator table in the middle, provenance of the selected one on the right. */
export function IntelView({ connection }: { connection: Connection }) {
  const client: Client = connection.client;
  const [search, setSearch] = useState('');
  const [type, setType] = useState('');
  const [source, setSource] = useState('');
  const [minScore, setMinScore] = useState(0);
  const [includeExpired, setIncludeExpired] = useState(true);
  const [selected, setSelected] = useState<IntelIndicatorRow | null>(null);
  const [version, setVersion] = useState(0);
  const [sources, setSources] = useState<IntelSource[]>([]);
  const [stats, setStats] = useState<IntelStats | null>(null);
  const [importing, setImporting] = useState(false);
  const [results, setResults] = useState<IntelFileResult[]>([]);
  const debounced = useDebounced(search, 250);

  const filter = {
    ...(debounced ? { search: debounced } : {}),
    ...(type ? { type: type as IntelIndicatorRow['type'] } : {}),
    ...(source ? { source } : {}),
    ...(minScore > 0 ? { minScore } : {}),
    includeExpired,
  };
  const { total, rowAt, ensure, error } = useIndicatorPages(client, filter, version);

  useEffect(() => {
    let live = true;
    Promise.all([client.intelSources({}), client.intelStats({})])
      .then(([s, st]) => {
        if (!live) return;
        setSources(s);
        setStats(st);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, version]);

  const importFiles = async (files: File[]) => {
    setImporting(true);
    try {
      const list = [];
      for (const f of files) list.push(await connection.toSource(f));
      const r = await client.intelImport({ sources: list });
      setResults(r.files);
    } catch (err) {
      setResults([{ file: files.map((f) => f.name).join(', '), status: 'failed', records: 0, newIndicators: 0, newSightings: 0, skipped: 0, invalid: 0, sources: [], error: String((err as Error).message ?? err) }]);
    } finally {
      setImporting(false);
      setVersion((v) => v + 1);
    }
  };

  return (
    <div className={`intel${selected ? ' with-details' : ''}`} data-testid="intel-view">
      <aside className="sources">
        <h2>Sources</h2>
        {stats && (
          <p className="muted small" data-testid="intel-stats">
            {formatCount(stats.indicators)} indicators · {formatCount(stats.active)} active · {formatCount(stats.sightings)} sightings
          </p>
        )}
        <label className={`button primary${importing ? ' disabled' : ''}`}>
          {importing ? 'Importing…' : 'Import intel files…'}
          <input
            type="file"
            multiple
            hidden
            data-testid="intel-import-input"
            disabled={importing}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length) void importFiles(files);
            }}
          />
        </label>
        {results.length > 0 && (
          <ul className="import-results small" data-testid="intel-import-results">
            {results.map((r, i) => (
              <li key={`${r.file}-${i}`} className={`result-${r.status}`} data-status={r.status}>
                {r.status === 'imported' ? `${r.file}: ${r.records} records (${r.newIndicators} new)` : describeFileError(r)}
              </li>
            ))}
          </ul>
        )}
        <ul className="source-list">
          {sources.map((s) => (
            <li key={s.id} className={source === s.name ? 'active' : ''}>
              <button type="button" onClick={() => setSource(source === s.name ? '' : s.name)}>
                <span className="source-name">{s.name}</span>
                <span className="muted small">
                  {s.kind} · {formatCount(s.indicators)} · {s.state}
                  {s.lastSyncAt ? ` · ${formatTime(s.lastSyncAt)}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="indicators">
        <div className="filters">
          <input type="search" className="search" placeholder="Search values" aria-label="Search indicators" value={search} onChange={(e) => setSearch(e.target.value)} />
          <select aria-label="Type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">All types</option>
            {indicatorTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <label className="check">
            Min score
            <input type="number" min={0} max={100} step={5} value={minScore} onChange={(e) => setMinScore(Number(e.target.value) || 0)} />
          </label>
          <label className="check">
            <input type="checkbox" checked={includeExpired} onChange={(e) => setIncludeExpired(e.target.checked)} />
            Show expired
          </label>
          <span className="muted" data-testid="indicator-total">
            {total === null ? '…' : `${formatCount(total)} indicators`}
            {source && ` from ${source}`}
          </span>
        </div>
        {error && <p className="error">{error}</p>}
        {total !== null && total === 0 && <div className="empty">No indicators{stats?.indicators ? ' match these filters' : ' yet: import a feed or list'}.</div>}
        {total !== null && total > 0 && (
          <IndicatorTable total={total} rowAt={rowAt} ensure={ensure} selected={selected ? `${selected.type}:${selected.value}` : null} onSelect={setSelected} />
        )}
      </section>
      {selected && <ProvenancePanel client={client} row={selected} onChanged={() => setVersion((v) => v + 1)} onClose={() => setSelected(null)} />}
    </div>
  );
}
