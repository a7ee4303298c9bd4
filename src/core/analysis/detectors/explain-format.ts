/**
 * How numbers read in the detectors' explanations: plain English, units
 * spelled the same way everywhere ("every ~600 s (±3 %) over 6 days, 864
 * connections"). Locale-independent: explanations are stored and compared.
 */

/** 86400 -> "86,400"; non-integers keep up to `decimals` places. */
export function formatCount(n: number, decimals = 0): string {
  // Most counts in a sentence are small: skip the string work (the scorer writes 100k sentences a run).
  if (decimals === 0 && n > -999.5 && n < 999.5) return String(Math.round(n));
  const fixed = decimals > 0 ? String(Number(n.toFixed(decimals))) : String(Math.round(n));
  const [whole = '', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** One decimal below 10 (dropped when it is .0), whole numbers above: "1.5", "6", "12". */
function short(n: number): string {
  return n < 9.95 ? String(Math.round(n * 10) / 10) : formatCount(n);
}

function plural(n: string, unit: string): string {
  return `${n} ${unit}${n === '1' ? '' : 's'}`;
}

/** A span of time in the largest unit it fills at least once: "45 s", "20 min", "1.5 h", "1 day", "6 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${short(seconds)} s`;
  if (seconds < 3600) return `${short(seconds / 60)} min`;
  if (seconds < 86_400) return `${short(seconds / 3600)} h`;
  return plural(short(seconds / 86_400), 'day');
}

/**
 * A period between connections: seconds up to 1,000 ("~600 s"), then as a
 * duration ("~30 min", "~1 day"). Two significant digits from 100 s: a
 * median gap of 598 s reads "~600 s" (the spread beside it says how close).
 */
export function formatPeriod(seconds: number): string {
  const shown = seconds >= 100 && seconds < 1000 ? Number(seconds.toPrecision(2)) : seconds;
  return `~${shown < 1000 ? `${short(shown)} s` : formatDuration(shown)}`;
}

/** A share as a percentage: "3 %", "0.4 %", "120 %". */
export function formatPercent(share: number): string {
  return `${short(share * 100)} %`;
}

/**
 * A score in [0, 1] to two decimals, rounded down so that "1.00" means a
 * full score and 0.996 reads "0.99" (the epsilon absorbs 0.29 · 100 = 28.999…).
 */
export function formatScore(score: number): string {
  return (Math.floor(score * 100 + 1e-9) / 100).toFixed(2);
}

export { formatBytes } from '../../../shared/format-bytes.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A UTC day: "2026-11-20". */
export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** A UTC time to the minute: "2026-11-20 15:30 UTC". */
export function formatTimeUtc(ms: number): string {
  const d = new Date(ms);
  return `${formatDay(ms)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
}
