import type Database from 'better-sqlite3';
import { COUNTED_IN_GRAPH } from '../telemetry/edge-refresh.js';
import type { AnalysisWindow } from './evidence.js';

/**
 * Where "what is normal" ends. Detectors that ask "is this new?" compare the
 * connections after `baselineEnd` with those before it. One rule serves a
 * week of logs and a two-hour capture: a share of the case's span, on a
 * midnight (UTC) when the span covers days, and never so short that it
 * holds too few connections to say what is normal.
 */

export interface BaselineSettings {
  /** Share of the case's span, from its first connection, that is baseline: a quarter (a week: two days; two hours: 30 min). */
  readonly fraction: number;
  /** From this span on (ms; default 2 days), the end is moved to the nearest midnight UTC, so the baseline is whole days. */
  readonly alignToDaysFrom: number;
  /** The baseline holds at least this many counted connections, moving its end later if needed... */
  readonly minConnections: number;
  /** ...but never past this share of the span: a case must keep something to judge. */
  readonly maxFraction: number;
}

export const baselineSettings: BaselineSettings = {
  fraction: 0.25,
  alignToDaysFrom: 2 * 86_400_000,
  minConnections: 200,
  maxFraction: 0.5,
};

const DAY = 86_400_000;

export function checkBaselineSettings(s: BaselineSettings): void {
  if (!(s.fraction >= 0 && s.fraction <= 1)) throw new RangeError(`baseline fraction is ${String(s.fraction)}: it must be in [0, 1]`);
  if (!(s.maxFraction >= s.fraction && s.maxFraction <= 1)) throw new RangeError(`baseline maxFraction is ${String(s.maxFraction)}: it must be in [fraction, 1]`);
  if (!(s.alignToDaysFrom >= DAY)) throw new RangeError(`baseline alignToDaysFrom is ${String(s.alignToDaysFrom)} ms: at least one day`);
  if (!(Number.isInteger(s.minConnections) && s.minConnections >= 0)) throw new RangeError(`baseline minConnections is ${String(s.minConnections)}: a whole number >= 0`);
}

/** What the baseline is chosen from: the case's span (epoch ms) and its connections in time order. */
export interface CaseTimeline {
  readonly start: number;
  readonly end: number;
  /** Counted connections in the case. */
  readonly connections: number;
  /** Counted connections before time t; may stop counting at `atMost` (only "fewer than atMost?" is asked). */
  countBefore(t: number, atMost: number): number;
  /** The time of the n-th counted connection in time order (1-based, n <= connections). */
  timeOfNth(n: number): number;
}

/**
 * The window with its baseline end: start + fraction × span, on the nearest
 * midnight for spans of days (not before the first midnight after the start
 * nor after the last one before the end); then later, up to maxFraction of the span, until it holds
 * minConnections. An empty span (one instant) has no baseline: baselineEnd = start.
 */
export function chooseBaseline(t: CaseTimeline, settings: BaselineSettings = baselineSettings): AnalysisWindow {
  checkBaselineSettings(settings);
  const { start, end } = t;
  if (!(Number.isFinite(start) && Number.isFinite(end) && end >= start)) throw new RangeError(`case span ${String(start)}..${String(end)} is not a range of times`);
  const span = end - start;
  let baselineEnd = start + settings.fraction * span;
  if (span >= settings.alignToDaysFrom && settings.fraction > 0) {
    const midnight = Math.round(baselineEnd / DAY) * DAY;
    baselineEnd = Math.min(Math.max(midnight, Math.ceil(start / DAY) * DAY), Math.floor(end / DAY) * DAY);
  }
  const latest = start + settings.maxFraction * span;
  const wanted = Math.min(settings.minConnections, t.connections);
  if (wanted > 0 && t.countBefore(baselineEnd, wanted) < wanted) {
    // Just after the wanted connection, so that it falls inside (connections before baselineEnd are baseline).
    baselineEnd = Math.max(baselineEnd, Math.min(t.timeOfNth(wanted) + 1, latest));
  }
  return { start, end, baselineEnd: Math.round(Math.min(Math.max(baselineEnd, start), end)) };
}

/**
 * The case's window: its span and count from the per-unit totals the import
 * keeps (edge_stats, counted connections only), the baseline's connections
 * counted through the events_ts index up to the number wanted. Null for a
 * case without connections.
 */
export function readCaseWindow(db: Database.Database, settings: BaselineSettings = baselineSettings): AnalysisWindow | null {
  const span = db.prepare('SELECT MIN(first_ts) AS start, MAX(last_ts) AS end, TOTAL(events) AS n FROM edge_stats').get() as { start: number | null; end: number | null; n: number };
  if (span.start === null || span.end === null) return null;
  const before = db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE ts < ? AND ${COUNTED_IN_GRAPH} LIMIT ?)`).pluck();
  const nth = db.prepare(`SELECT ts FROM events WHERE ${COUNTED_IN_GRAPH} ORDER BY ts LIMIT 1 OFFSET ?`).pluck();
  return chooseBaseline(
    {
      start: span.start,
      end: span.end,
      connections: span.n,
      countBefore: (t, atMost) => before.get(t, atMost) as number,
      timeOfNth: (n) => nth.get(n - 1) as number,
    },
    settings,
  );
}
