import type { BytesPerDay, IntervalHistogram } from '../../shared/entity-details-types.js';
import type { Timeline } from '../../shared/graph-view-types.js';
import { durationTicks, formatDuration, scaleLinear, scaleLog, timeTicks } from '../../shared/charts/index.js';
import { formatBytes, formatCount } from '../format.js';
import { BarChart, type AxisTick } from './BarChart.js';

/** Connections per time bin on a UTC time axis; those of units with a finding drawn in front. */
export function TimelineChart({ bins }: { bins: Timeline }) {
  if (!bins.start || !bins.end) return null;
  const from = Date.parse(bins.start);
  const to = Date.parse(bins.end);
  const ticks: AxisTick[] = timeTicks(from, to, 4).map((t) => ({ at: scaleLinear(t.ms, from, to, 1), label: t.label }));
  const total = bins.counts.reduce((a, b) => a + b, 0);
  return (
    <figure className="chart">
      <figcaption>
        Connections over time <span className="muted">(UTC, {formatDuration(bins.binSeconds)} bins; with a finding in front)</span>
      </figcaption>
      <BarChart
        testId="timeline-chart"
        label={`${formatCount(total)} connections from ${bins.start} to ${bins.end} in ${bins.counts.length} bins of ${formatDuration(bins.binSeconds)}`}
        series={[
          { values: bins.counts, className: 'bars-count' },
          { values: bins.findings, className: 'bars-finding' },
        ]}
        ticks={ticks}
        formatMax={(m) => `highest: ${formatCount(m)} in a bin`}
      />
    </figure>
  );
}

/** Gaps between consecutive connections on a log axis: a beacon is one tall bar at its period. */
export function IntervalChart({ intervals }: { intervals: IntervalHistogram }) {
  const lo = intervals.edges[0] as number;
  const hi = intervals.edges.at(-1) as number;
  const ticks: AxisTick[] = durationTicks(lo, hi).map((t) => ({ at: scaleLog(t.seconds, lo, hi, 1), label: t.label }));
  const median = intervals.medianSeconds;
  return (
    <figure className="chart" data-testid="interval-histogram">
      <figcaption>
        Intervals between connections{' '}
        <span className="muted">
          ({formatCount(intervals.gaps)} gaps{intervals.units > 1 ? ` of ${intervals.units} processes` : ''}
          {median !== null ? `, median ${formatDuration(median)}` : ''}
          {intervals.sampled ? ', first connections only' : ''})
        </span>
      </figcaption>
      <BarChart
        testId="interval-chart"
        label={`Intervals between connections: ${formatCount(intervals.gaps)} gaps, median ${median === null ? 'unknown' : formatDuration(median)}, log scale from ${formatDuration(lo)} to ${formatDuration(hi)}`}
        series={[{ values: intervals.counts, className: 'bars-interval' }]}
        ticks={ticks}
        formatMax={(m) => `highest: ${formatCount(m)} gaps in a bin`}
      />
    </figure>
  );
}

/** Bytes out (front) and in (behind, stacked total) per UTC day. */
export function BytesPerDayChart({ days }: { days: BytesPerDay }) {
  if (days.days.length === 0) return null;
  if (days.withBytes === 0) return <p className="muted small">No byte counts: the logs of these connections carry none (Sysmon).</p>;
  const total = days.bytesOut.map((o, i) => o + (days.bytesIn[i] as number));
  const n = days.days.length;
  const step = Math.max(1, Math.ceil(n / 4));
  const ticks: AxisTick[] = days.days.flatMap((d, i) => (i % step === 0 ? [{ at: (i + 0.5) / n, label: d.slice(5) }] : []));
  return (
    <figure className="chart">
      <figcaption>
        Bytes per day <span className="muted">(UTC; out in front, in behind)</span>
      </figcaption>
      <BarChart
        testId="bytes-chart"
        label={`Bytes per day over ${n} days: ${formatBytes(days.bytesOut.reduce((a, b) => a + b, 0))} out, ${formatBytes(days.bytesIn.reduce((a, b) => a + b, 0))} in`}
        series={[
          { values: total, className: 'bars-in' },
          { values: days.bytesOut, className: 'bars-out' },
        ]}
        ticks={ticks}
        formatMax={(m) => `highest: ${formatBytes(m)} in a day`}
      />
    </figure>
  );
}
