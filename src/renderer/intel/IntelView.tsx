import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import { indicatorTypes, type IntelIndicatorRow, type IntelSource, type IntelStats } from '../../shared/types.js';
import type { Connection } from '../connect.js';
import { formatCount } from '../format.js';
import { useDebounced } from '../use-debounced.js';
import { IndicatorTable } from './IndicatorTable.js';
import { ProvenancePanel } from './ProvenancePanel.js';
import { SourcesPanel } from './SourcesPanel.js';
import { useIndicatorPages } from './use-indicator-pages.js';

/** The IoC store: sources on the left, the indicator table in the middle, provenance of the selected one on the right. */
export function IntelView({ connection, onOpenNode }: { connection: Connection; onOpenNode?: (caseId: string, nodeId: string) => void }) {
  const client: Client = connection.client;
  const [search, setSearch] = useState('');
  const [type, setType] = useState('');
  const [source, setSource] = useState('');
  const [minScore, setMinScore] = useState(0);
  const [label, setLabel] = useState('');
  const [maxAgeDays, setMaxAgeDays] = useState(0);
  const [sort, setSort] = useState<'recent' | 'score'>('recent');
  const [includeExpired, setIncludeExpired] = useState(true);
  const [selected, setSelected] = useState<IntelIndicatorRow | null>(null);
  const [version, setVersion] = useState(0);
  const [sources, setSources] = useState<IntelSource[]>([]);
  const [stats, setStats] = useState<IntelStats | null>(null);
  const debounced = useDebounced(search, 250);
  const debouncedLabel = useDebounced(label, 250);

  const filter = {
    ...(debounced ? { search: debounced } : {}),
    ...(type ? { type: type as IntelIndicatorRow['type'] } : {}),
    ...(source ? { source } : {}),
    ...(minScore > 0 ? { minScore } : {}),
    ...(debouncedLabel.trim() ? { label: debouncedLabel.trim() } : {}),
    ...(maxAgeDays > 0 ? { maxAgeDays } : {}),
    includeExpired,
    sort,
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

  return (
    <div className={`intel${selected ? ' with-details' : ''}`} data-testid="intel-view">
      <SourcesPanel
        connection={connection}
        sources={sources}
        stats={stats}
        selectedSource={source}
        onSelectSource={setSource}
        onChanged={() => setVersion((v) => v + 1)}
      />
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
          <input className="label-filter" placeholder="Label" aria-label="Label" value={label} onChange={(e) => setLabel(e.target.value)} />
          <select aria-label="Last seen" value={maxAgeDays} onChange={(e) => setMaxAgeDays(Number(e.target.value))}>
            <option value={0}>Any time</option>
            <option value={1}>Last day</option>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
          </select>
          <label className="check">
            Min score
            <input type="number" min={0} max={100} step={5} value={minScore} onChange={(e) => setMinScore(Number(e.target.value) || 0)} />
          </label>
          <select aria-label="Sort" value={sort} onChange={(e) => setSort(e.target.value as 'recent' | 'score')}>
            <option value="recent">Newest first</option>
            <option value="score">Highest score</option>
          </select>
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
      {selected && <ProvenancePanel client={client} row={selected} onChanged={() => setVersion((v) => v + 1)} onClose={() => setSelected(null)} onOpenNode={onOpenNode} />}
    </div>
  );
}
