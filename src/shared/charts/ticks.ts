/** Axis ticks: round values on a linear scale, and UTC times on a time axis. Pure, no DOM. */

/** About `count` round ticks (1, 2 or 5 × a power of ten) covering [min, max]. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  // Counted in steps, not summed: 0.1 + 0.2 would drift; toPrecision drops the binary noise of k × 0.1.
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [SECOND, 5 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

export interface TimeTick {
  ms: number;
  label: string;
}

/**
 * About `count` ticks on a UTC time axis over [fromMs, toMs], on round
 * steps (seconds to weeks, then months and years); labels in UTC, the date
 * where the step is a day or more, the time of day below that.
 */
export function timeTicks(fromMs: number, toMs: number, count = 5): TimeTick[] {
  if (!(toMs > fromMs)) return Number.isFinite(fromMs) ? [{ ms: fromMs, label: utcLabel(fromMs, HOUR) }] : [];
  const raw = (toMs - fromMs) / Math.max(1, count);
  const step = TIME_STEPS.find((s) => s >= raw);
  if (step === undefined) return calendarTicks(fromMs, toMs, raw);
  const ticks: TimeTick[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push({ ms: t, label: utcLabel(t, step) });
  return ticks;
}

/** Months or years: not a fixed number of milliseconds. */
function calendarTicks(fromMs: number, toMs: number, raw: number): TimeTick[] {
  const months = [1, 3, 6, 12, 24, 60, 120].find((m) => m * 30 * DAY >= raw) ?? 120;
  const d = new Date(fromMs);
  let y = d.getUTCFullYear();
  let m = Math.ceil((d.getUTCMonth() + (d.getUTCDate() > 1 || d.getUTCHours() > 0 ? 1 : 0)) / months) * months;
  const ticks: TimeTick[] = [];
  for (;;) {
    y += Math.floor(m / 12);
    m %= 12;
    const t = Date.UTC(y, m, 1);
    if (t > toMs) return ticks;
    ticks.push({ ms: t, label: months >= 12 ? String(y) : `${y}-${String(m + 1).padStart(2, '0')}` });
    m += months;
  }
}

function utcLabel(ms: number, step: number): string {
  const iso = new Date(ms).toISOString();
  if (step >= DAY) return iso.slice(0, 10);
  if (step >= MINUTE) return iso.slice(11, 16);
  return iso.slice(11, 19);
}

/** A length of time for people: "45 s", "12 min", "3.2 h", "5.6 days" (the one definition; the UI and reports use it). */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}

const DURATION_TICKS: readonly [number, string][] = [
  [0.001, '1 ms'], [0.01, '10 ms'], [0.1, '100 ms'], [1, '1 s'], [10, '10 s'], [60, '1 min'], [600, '10 min'],
  [3600, '1 h'], [6 * 3600, '6 h'], [86_400, '1 day'], [7 * 86_400, '1 week'], [30 * 86_400, '30 days'], [365 * 86_400, '1 year'],
];

/** Ticks for a log axis of durations in [lo, hi] seconds, on units people read (1 min, 10 min, 1 h), not powers of ten (100 s). */
export function durationTicks(lo: number, hi: number): { seconds: number; label: string }[] {
  return DURATION_TICKS.filter(([s]) => s >= lo && s <= hi).map(([seconds, label]) => ({ seconds, label }));
}
