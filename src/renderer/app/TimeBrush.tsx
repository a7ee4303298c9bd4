import { useRef, useState, type PointerEvent } from 'react';

type Span = { start: number; end: number };
import { formatTime, plural } from '../format.js';
import { current } from '../model/view-state.js';
import { useModel, useView } from './use-model.js';

const HEIGHT = 44;

/**
 * The case's timeline (connections per bin, those with a finding in their
 * own colour) with a brush: drag over it to keep only connections in that
 * range, double-click or Clear to see them all. The range is the model's
 * (server query from/to), so undo and the URL carry it.
 */
export function TimeBrush() {
  const model = useModel();
  const timeline = useView((s) => current(s.loaded.timeline));
  const graph = useView((s) => current(s.loaded.graph));
  const from = useView((s) => s.query.from);
  const to = useView((s) => s.query.to);
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  // The span brushed over: the timeline's, else the whole case's as the unfiltered graph gave it
  // (a brushed graph spans less, so the last unbrushed span is kept).
  const [domain, setDomain] = useState<Span | null>(null);
  const seen: Span | null =
    timeline?.start && timeline.end
      ? { start: Date.parse(timeline.start), end: Date.parse(timeline.end) }
      : graph?.timeRange.first && graph.timeRange.last && from === null && to === null
        ? { start: Date.parse(graph.timeRange.first), end: Date.parse(graph.timeRange.last) }
        : null;
  if (seen && (seen.start !== domain?.start || seen.end !== domain.end)) setDomain(seen);
  if (!domain || !(domain.end > domain.start)) return null;

  const width = domain.end - domain.start;
  const fraction = (e: PointerEvent) => {
    const r = svgRef.current?.getBoundingClientRect();
    return r && r.width > 0 ? Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)) : 0;
  };
  const at = (f: number) => new Date(domain.start + f * width).toISOString();
  const pos = (iso: string | null, fallback: number) => (iso === null ? fallback : Math.min(1, Math.max(0, (Date.parse(iso) - domain.start) / width)));
  const sel = drag ? { a: Math.min(drag.a, drag.b), b: Math.max(drag.a, drag.b) } : from !== null || to !== null ? { a: pos(from, 0), b: pos(to, 1) } : null;
  const counts = timeline?.counts ?? [];
  const max = Math.max(1, ...counts);
  const total = counts.reduce((s, c) => s + c, 0);

  return (
    <div className="time-brush" data-testid="time-brush">
      <svg
        ref={svgRef}
        role="slider"
        aria-label="Time range: drag to choose"
        aria-valuetext={sel ? `${formatTime(at(sel.a))} to ${formatTime(at(sel.b))}` : 'whole case'}
        viewBox={`0 0 1000 ${HEIGHT}`}
        preserveAspectRatio="none"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          const f = fraction(e);
          setDrag({ a: f, b: f });
        }}
        onPointerMove={(e) => drag && setDrag({ a: drag.a, b: fraction(e) })}
        onPointerUp={() => {
          if (!drag) return;
          const [a, b] = [Math.min(drag.a, drag.b), Math.max(drag.a, drag.b)];
          setDrag(null);
          // A click without a drag is no range.
          if (b - a < 0.002) return;
          model.dispatch({ type: 'setTimeRange', from: a <= 0 ? null : at(a), to: b >= 1 ? null : at(b) });
        }}
        onDoubleClick={() => model.dispatch({ type: 'setTimeRange', from: null, to: null })}
      >
        {counts.map((c, i) => {
          const w = 1000 / counts.length;
          const h = c === 0 ? 0 : Math.max(1, (c / max) * (HEIGHT - 4));
          const hf = c === 0 ? 0 : ((timeline?.findings[i] ?? 0) / max) * (HEIGHT - 4);
          return (
            <g key={i}>
              <rect className="bin" x={i * w} y={HEIGHT - h} width={Math.max(0.5, w - 0.5)} height={h} />
              {hf > 0 && <rect className="bin finding" x={i * w} y={HEIGHT - hf} width={Math.max(0.5, w - 0.5)} height={Math.max(1, hf)} />}
            </g>
          );
        })}
        {sel && <rect className="brush" x={sel.a * 1000} y={0} width={Math.max(1, (sel.b - sel.a) * 1000)} height={HEIGHT} />}
      </svg>
      <div className="time-brush-labels muted">
        <span>{formatTime(new Date(domain.start).toISOString())}</span>
        <span>
          {sel ? `${formatTime(at(sel.a))} → ${formatTime(at(sel.b))}` : timeline ? `${plural(total, 'connection')} · drag to choose a time range` : 'Drag to choose a time range'}
          {(from !== null || to !== null) && (
            <button type="button" className="link" onClick={() => model.dispatch({ type: 'setTimeRange', from: null, to: null })}>
              Clear
            </button>
          )}
        </span>
        <span>{formatTime(new Date(domain.end).toISOString())}</span>
      </div>
    </div>
  );
}
