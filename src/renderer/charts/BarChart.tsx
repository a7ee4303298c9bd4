import { useEffect, useRef, useState, type RefObject } from 'react';
import { barsOf, barsPath } from '../../shared/charts/index.js';

export interface AxisTick {
  /** Position along the x axis in [0, 1]. */
  at: number;
  label: string;
}

export interface BarSeries {
  values: ArrayLike<number>;
  /** CSS class of the series' path (colours come from the theme). */
  className: string;
}

interface Props {
  /** Accessible name: what the chart shows, with its numbers in words. */
  label: string;
  /** Series stacked front to back: each later one drawn over the earlier (the earlier sets the scale). */
  series: BarSeries[];
  ticks: AxisTick[];
  /** The largest bar's label, e.g. "19 per bin". */
  formatMax: (max: number) => string;
  height?: number;
  testId?: string;
}

/** Until the container is measured. */
const DEFAULT_WIDTH = 320;
const AXIS = 14;
/** Room above the bars for the largest value's label. */
const TOP = 12;

/**
 * A small bar chart in SVG: geometry from shared/charts (one path per
 * series), an x axis with the given ticks and the largest bar's value above
 * the bars, at the left. Drawn at its container's measured width (text keeps its size, bars
 * stay crisp); colours from CSS variables.
 */
export function BarChart({ label, series, ticks, formatMax, height = 64, testId }: Props) {
  const [width, ref] = useWidth();
  const first = series[0];
  let max = 0;
  if (first) for (let i = 0; i < first.values.length; i++) max = Math.max(max, first.values[i] as number);
  const box = { width, height };
  return (
    <div ref={ref} className="bar-chart-box">
      <svg className="bar-chart" width={width} height={TOP + height + AXIS} viewBox={`0 0 ${width} ${TOP + height + AXIS}`} role="img" aria-label={label} data-testid={testId}>
        {max > 0 && (
          <text className="chart-label" x={0} y={9}>
            {formatMax(max)}
          </text>
        )}
        <g transform={`translate(0 ${TOP})`}>
          <line className="chart-axis" x1={0} x2={width} y1={height + 0.5} y2={height + 0.5} />
          {series.map((s) => {
            const bars = barsOf(s.values, box, { max });
            return <path key={s.className} className={s.className} d={barsPath(bars)} data-bars={bars.length} />;
          })}
          {ticks.map((t) => (
            <g key={`${t.at}:${t.label}`} transform={`translate(${Math.round(t.at * width * 10) / 10} ${height})`}>
              <line className="chart-axis" y1={0} y2={3} />
              <text className="chart-label" y={AXIS - 2} textAnchor={t.at < 0.08 ? 'start' : t.at > 0.92 ? 'end' : 'middle'}>
                {t.label}
              </text>
            </g>
          ))}
        </g>
      </svg>
    </div>
  );
}

/** The element's width in CSS pixels, kept current as the panel resizes. */
function useWidth(): [number, RefObject<HTMLDivElement | null>] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(80, Math.round(el.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [width, ref];
}
