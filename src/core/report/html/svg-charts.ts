import { barsOf, barsPath, durationTicks, formatDuration, scaleLinear, scaleLog, timeTicks } from '../../../shared/charts/index.js';
import { formatCount } from '../../../shared/display-format.js';
import type { BytesPerDay, IntervalHistogram } from '../../../shared/entity-details-types.js';
import { formatBytes } from '../../../shared/format-bytes.js';
import type { Timeline } from '../../../shared/graph-view-types.js';
import { escapeMarkup } from '../../../shared/html-escape.js';

/**
 * The evidence charts of a finding as SVG text for the HTML report: the
 * details panel's charts (renderer/charts/DetailCharts.tsx) over the same
 * geometry (shared/charts), drawn as strings instead of React. Colours come
 * from the report's stylesheet through classes: no style attributes (the
 * report's CSP allows only its one hashed <style>).
 */

interface Tick {
  /** Position along the x axis in [0, 1]. */
  at: number;
  label: string;
}
interface Series {
  values: ArrayLike<number>;
  className: string;
}

/** The chart's drawing width in SVG units; it scales to the page's width, text with it. */
const WIDTH = 640;
const HEIGHT = 72;
const AXIS = 16;
const TOP = 14;
/** The widest a day's bar gets. */
const DAY_WIDTH = 48;
/** The widest a time bin's bar gets: one connection is a bar, not a band across the page. */
const BIN_WIDTH = 16;

const r1 = (n: number) => String(Math.round(n * 10) / 10);

/** A bar chart: series front to back (the first sets the scale), an x axis with ticks, the largest value's label above. */
function barChart(label: string, series: Series[], ticks: Tick[], formatMax: (max: number) => string, plotWidth = WIDTH): string {
  const first = series[0];
  let max = 0;
  if (first) for (let i = 0; i < first.values.length; i++) max = Math.max(max, first.values[i] as number);
  const box = { width: plotWidth, height: HEIGHT };
  const total = TOP + HEIGHT + AXIS;
  const out = [`<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${total}" role="img" aria-label="${escapeMarkup(label)}">`];
  if (max > 0) out.push(`<text class="chart-label" x="0" y="10">${escapeMarkup(formatMax(max))}</text>`);
  out.push(`<g transform="translate(0 ${TOP})">`, `<line class="chart-axis" x1="0" x2="${WIDTH}" y1="${HEIGHT + 0.5}" y2="${HEIGHT + 0.5}"/>`);
  for (const s of series) out.push(`<path class="${s.className}" d="${barsPath(barsOf(s.values, box, { max }))}"/>`);
  // A narrow plot (a few bins) keeps its first tick only: labels at both ends would overlap.
  for (const t of plotWidth < 160 ? ticks.slice(0, 1) : ticks) {
    const anchor = t.at < 0.08 ? 'start' : t.at > 0.92 ? 'end' : 'middle';
    out.push(
      `<g transform="translate(${r1(t.at * plotWidth)} ${HEIGHT})"><line class="chart-axis" y1="0" y2="3"/><text class="chart-label" y="${AXIS - 2}" text-anchor="${anchor}">${escapeMarkup(t.label)}</text></g>`,
    );
  }
  out.push('</g></svg>');
  return out.join('');
}

function figure(caption: string, note: string, svg: string): string {
  return `<figure class="chart"><figcaption>${escapeMarkup(caption)} <span class="muted">(${escapeMarkup(note)})</span></figcaption>${svg}</figure>`;
}

/** Connections per time bin on a UTC time axis; the finding's own in front. */
export function timelineChart(bins: Timeline): string {
  if (!bins.start || !bins.end || bins.counts.length === 0) return '';
  const from = Date.parse(bins.start);
  const to = Date.parse(bins.end);
  const ticks = timeTicks(from, to, 5).map((t) => ({ at: scaleLinear(t.ms, from, to, 1), label: t.label }));
  const total = bins.counts.reduce((a, b) => a + b, 0);
  const svg = barChart(
    `${formatCount(total)} connections from ${bins.start} to ${bins.end} in ${bins.counts.length} bins of ${formatDuration(bins.binSeconds)}`,
    [
      { values: bins.counts, className: 'bars-count' },
      { values: bins.findings, className: 'bars-finding' },
    ],
    ticks,
    (m) => `highest: ${formatCount(m)} in a bin`,
    Math.min(WIDTH, bins.counts.length * BIN_WIDTH),
  );
  return figure('Connections over time', `UTC, ${bins.start.slice(0, 10)} to ${bins.end.slice(0, 10)}, ${formatDuration(bins.binSeconds)} bins`, svg);
}

/** Gaps between consecutive connections on a log axis: a beacon is one tall bar at its period. */
export function intervalChart(intervals: IntervalHistogram): string {
  if (intervals.counts.length === 0 || intervals.gaps === 0) return '';
  const lo = intervals.edges[0] as number;
  const hi = intervals.edges.at(-1) as number;
  const ticks = durationTicks(lo, hi).map((t) => ({ at: scaleLog(t.seconds, lo, hi, 1), label: t.label }));
  const median = intervals.medianSeconds;
  const svg = barChart(
    `Intervals between connections: ${formatCount(intervals.gaps)} gaps, median ${median === null ? 'unknown' : formatDuration(median)}, log scale from ${formatDuration(lo)} to ${formatDuration(hi)}`,
    [{ values: intervals.counts, className: 'bars-interval' }],
    ticks,
    (m) => `highest: ${formatCount(m)} gaps in a bin`,
  );
  const note = [`${formatCount(intervals.gaps)} gaps`, median !== null ? `median ${formatDuration(median)}` : '', 'log scale', intervals.sampled ? 'first connections only' : ''].filter(Boolean).join(', ');
  return figure('Intervals between connections', note, svg);
}

/** Bytes out (front) and in (behind, stacked total) per UTC day; a sentence instead when the logs carry no byte counts. */
export function bytesPerDayChart(days: BytesPerDay): string {
  if (days.days.length === 0) return '';
  if (days.withBytes === 0) return '<p class="muted small">No bytes per day: the logs of these connections carry no byte counts (Sysmon).</p>';
  const total = days.bytesOut.map((o, i) => o + (days.bytesIn[i] as number));
  const n = days.days.length;
  const step = Math.max(1, Math.ceil(n / 6));
  const ticks = days.days.flatMap((d, i) => (i % step === 0 ? [{ at: (i + 0.5) / n, label: d.slice(5) }] : []));
  const out = days.bytesOut.reduce((a, b) => a + b, 0);
  const inn = days.bytesIn.reduce((a, b) => a + b, 0);
  const svg = barChart(
    `Bytes per day over ${n} days: ${formatBytes(out)} out, ${formatBytes(inn)} in`,
    [
      { values: total, className: 'bars-in' },
      { values: days.bytesOut, className: 'bars-out' },
    ],
    ticks,
    (m) => `highest: ${formatBytes(m)} in a day`,
    // A few days draw as bars of a day's width, not one bar across the page.
    Math.min(WIDTH, n * DAY_WIDTH),
  );
  return figure('Bytes per day', `UTC; ${formatBytes(out)} out in front, ${formatBytes(inn)} in behind`, svg);
}
