import { useState } from 'react';
import { evidenceKinds } from '../../shared/analysis-types.js';
import { destinationGroupings } from '../../shared/graph-view-types.js';
import { severities, type Overlays } from '../model/view-state.js';
import { useHistory, useModel, useView } from './use-model.js';

/** The detector kinds a filter offers (the modifiers are not detectors). */
const DETECTOR_KINDS = evidenceKinds.filter((k) => !['prevalence', 'known-benign', 'verdict', 'suppressed'].includes(k));
const OVERLAY_LABEL: Record<keyof Overlays, string> = { reputation: 'Reputation', anomaly: 'Anomaly', dimBenign: 'Dim benign' };
const GROUPING_LABEL: Record<(typeof destinationGroupings)[number], string> = {
  auto: 'Destinations: auto',
  none: 'Destinations: one by one',
  subnet: 'Destinations by /24',
  asn: 'Destinations by AS',
  country: 'Destinations by country',
  service: 'Destinations by service',
};

interface Props {
  onFit: () => void;
  onExport: (format: 'svg' | 'png') => void;
}

/** The graph's filters and view controls, all of them actions on the model. */
export function FiltersBar({ onFit, onExport }: Props) {
  const model = useModel();
  const d = model.dispatch;
  const f = useView((s) => s.filters);
  const q = useView((s) => s.query);
  const overlays = useView((s) => s.overlays);
  const layout = useView((s) => s.layout);
  const edgeWidth = useView((s) => s.edgeWidth);
  const hidden = useView((s) => s.hidden);
  const history = useHistory();
  return (
    <div className="filters-bar" role="toolbar" aria-label="Graph filters" data-testid="filters-bar">
      <label className="field" title="Hide connections scored below this">
        <span>Score ≥ {f.minScore.toFixed(2)}</span>
        <input type="range" min={0} max={1} step={0.05} value={f.minScore} aria-label="Minimum score" onChange={(e) => d({ type: 'setMinScore', minScore: Number(e.target.value) })} />
      </label>
      <span className="chips" role="group" aria-label="Severity">
        {severities.map((s) => (
          <button key={s} type="button" className={`chip sev-${s}`} aria-pressed={f.severities.includes(s)} onClick={() => d({ type: 'toggleSeverity', severity: s })}>
            {s}
          </button>
        ))}
      </span>
      <details className="dropdown">
        <summary>Detector{f.kinds.length > 0 ? ` (${f.kinds.length})` : ''}</summary>
        <div className="dropdown-body" role="group" aria-label="Detector kind">
          {DETECTOR_KINDS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={f.kinds.includes(k)} onChange={() => d({ type: 'toggleKind', kind: k })} /> {k}
            </label>
          ))}
        </div>
      </details>
      <ListField label="Host" values={q.hosts} onCommit={(v) => d({ type: 'setHosts', hosts: v })} />
      <ListField label="Process" values={q.processes} onCommit={(v) => d({ type: 'setProcesses', processes: v })} />
      <ListField label="Port" values={q.ports.map(String)} onCommit={(v) => d({ type: 'setPorts', ports: v.map(Number) })} narrow />
      <ListField label="Protocol" values={q.protocols} onCommit={(v) => d({ type: 'setProtocols', protocols: v })} narrow />
      <label className="check">
        <input type="checkbox" checked={f.onlyIoc} onChange={(e) => d({ type: 'setOnlyIoc', on: e.target.checked })} /> Only IoC hits
      </label>
      <label className="check">
        <input type="checkbox" checked={f.onlyFindings} onChange={(e) => d({ type: 'setOnlyFindings', on: e.target.checked })} /> Only findings
      </label>
      <label className="check">
        <input type="checkbox" checked={!q.includeInternal} onChange={(e) => d({ type: 'setIncludeInternal', includeInternal: !e.target.checked })} /> Hide internal
      </label>
      <button type="button" onClick={() => d({ type: 'resetFilters' })}>
        Reset filters
      </button>
      <span className="row-break" />
      <select aria-label="Grouping" value={q.grouping.destinations} onChange={(e) => d({ type: 'setGrouping', grouping: { destinations: e.target.value as (typeof destinationGroupings)[number] } })}>
        {destinationGroupings.map((g) => (
          <option key={g} value={g}>
            {GROUPING_LABEL[g]}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={q.grouping.processes === 'image'} onChange={(e) => d({ type: 'setGrouping', grouping: { processes: e.target.checked ? 'image' : 'none' } })} /> Processes by image
      </label>
      <label className="check">
        <input type="checkbox" checked={q.grouping.hosts === 'subnet'} onChange={(e) => d({ type: 'setGrouping', grouping: { hosts: e.target.checked ? 'subnet' : 'none' } })} /> Hosts by subnet
      </label>
      <select aria-label="Layout" value={layout} onChange={(e) => d({ type: 'setLayout', layout: e.target.value === 'force' ? 'force' : 'columns' })}>
        <option value="columns">Layout: columns</option>
        <option value="force">Layout: force</option>
      </select>
      <select aria-label="Edge width" value={edgeWidth} onChange={(e) => d({ type: 'setEdgeWidth', edgeWidth: e.target.value === 'bytes' ? 'bytes' : 'events' })}>
        <option value="events">Width: connections</option>
        <option value="bytes">Width: bytes</option>
      </select>
      <span className="chips" role="group" aria-label="Overlays">
        {(Object.keys(OVERLAY_LABEL) as (keyof Overlays)[]).map((o) => (
          <button key={o} type="button" className="chip" aria-pressed={overlays[o]} onClick={() => d({ type: 'setOverlay', overlay: o, on: !overlays[o] })}>
            {OVERLAY_LABEL[o]}
          </button>
        ))}
      </span>
      {q.expanded.map((id) => (
        <button key={id} type="button" className="chip" title={id} onClick={() => d({ type: 'collapseGroup', groupId: id })}>
          Collapse {id.split(':').slice(3).join(':') || id} ×
        </button>
      ))}
      {hidden.length > 0 && (
        <button type="button" onClick={() => d({ type: 'showAllNodes' })}>
          Show {hidden.length} hidden
        </button>
      )}
      <span className="spacer" />
      <button type="button" onClick={onFit} title="Fit to view (F)">
        Fit
      </button>
      <button type="button" onClick={() => onExport('svg')}>
        Export SVG
      </button>
      <button type="button" onClick={() => onExport('png')}>
        Export PNG
      </button>
      <button type="button" disabled={history.undo === 0} onClick={() => d({ type: 'undo' })} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" disabled={history.redo === 0} onClick={() => d({ type: 'redo' })} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
    </div>
  );
}

/** A comma-separated list, committed on Enter or leaving the field. */
function ListField({ label, values, onCommit, narrow }: { label: string; values: readonly string[]; onCommit: (v: string[]) => void; narrow?: boolean }) {
  const shown = values.join(', ');
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    onCommit(
      draft
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    setDraft(null);
  };
  return (
    <input
      className={narrow ? 'list-field narrow' : 'list-field'}
      aria-label={label}
      placeholder={label}
      value={draft ?? shown}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
