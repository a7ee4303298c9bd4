import { barsOf, barsPath, linearTicks } from '../../shared/charts/index.js';

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
  /** The value axis' largest label, e.g. "812 connections". */
  formatMax: (max: number) => string;
  height?: number;
  testId?: string;
}

const WIDTH = 320;
const AXIS = 14;

/**
 * A small bar chart in SVG: geometry from shared/charts (one path per
 * series), an x axis with the given ticks and the largest value at the top
 * left. Scales to its container's width; colours from CSS variables.
 */
export function BarChart({ label, series, ticks, formatMax, height = 64, testId }: Props) {
  const first = series[0];
  let max = 0;
  if (first) for (let i = 0; i < first.values.length; i++) max = Math.max(max, first.values[i] as number);
  const top = linearTicks(0, max, 1).at(-1) ?? max;
  const scale = Math.max(max, top);
  const box = { width: WIDTH, height };
  return (
    <svg className="bar-chart" viewBox={`0 0 ${WIDTH} ${height + AXIS}`} role="img" aria-label={label} data-testid={testId}>
      <line className="chart-axis" x1={0} x2={WIDTH} y1={height + 0.5} y2={height + 0.5} />
      {series.map((s) => {
        const bars = barsOf(s.values, box, { max: scale });
        return <path key={s.className} className={s.className} d={barsPath(bars)} data-bars={bars.length} />;
      })}
      {ticks.map((t) => (
        <g key={`${t.at}:${t.label}`} transform={`translate(${Math.round(t.at * WIDTH * 10) / 10} ${height})`}>
          <line className="chart-axis" y1={0} y2={3} />
          <text className="chart-label" y={AXIS - 2} textAnchor={t.at < 0.08 ? 'start' : t.at > 0.92 ? 'end' : 'middle'}>
            {t.label}
          </text>
        </g>
      ))}
      {max > 0 && (
        <text className="chart-label" x={2} y={9}>
          {formatMax(scale)}
        </text>
      )}
    </svg>
  );
}
