/**
 * How time and gaps are cut into bins, for the server (which counts) and the
 * charts (which draw): pure arithmetic, no DOM, so the reports of issue 14
 * can run the same in Node.
 */

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Bin widths a reader takes in at a glance, ascending. */
export const NICE_BIN_SECONDS = [
  SECOND, 5 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 7 * DAY, 30 * DAY, 365 * DAY,
] as const;

/** The narrowest nice width that covers `spanSeconds` in at most `maxBins` bins (a year per bin past that). */
export function niceBinSeconds(spanSeconds: number, maxBins: number): number {
  const need = Math.max(0, spanSeconds) / Math.max(1, maxBins);
  for (const w of NICE_BIN_SECONDS) if (w >= need) return w;
  return Math.ceil(need / (365 * DAY)) * 365 * DAY;
}

/** Time bins over [firstMs, lastMs]: the start aligned on the width in UTC (a day bin starts at midnight UTC), and their number. */
export function timeBins(firstMs: number, lastMs: number, maxBins: number): { startMs: number; binSeconds: number; count: number } {
  const binSeconds = niceBinSeconds((lastMs - firstMs) / 1000, maxBins);
  const binMs = binSeconds * 1000;
  const startMs = Math.floor(firstMs / binMs) * binMs;
  return { startMs, binSeconds, count: Math.max(1, Math.floor((lastMs - startMs) / binMs) + 1) };
}

/**
 * Log-spaced edges from `min` to at least `max` (both > 0), `perDecade` bins
 * per factor of ten, starting on a power of ten: gaps from a second to a
 * week read on one axis, and a beacon's steady gap is one tall bar.
 */
export function logEdges(min: number, max: number, perDecade: number): number[] {
  const lo = Math.floor(Math.log10(Math.max(min, Number.MIN_VALUE)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(max, min))));
  const edges: number[] = [];
  for (let i = 0; i <= (hi - lo) * perDecade; i++) edges.push(10 ** (lo + i / perDecade));
  return edges;
}

/** The bin of `value` among ascending `edges` (last bin closed), or -1 outside them. */
export function binOf(edges: readonly number[], value: number): number {
  const n = edges.length - 1;
  if (n < 1 || !(value >= (edges[0] as number)) || value > (edges[n] as number)) return -1;
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (value >= (edges[mid] as number)) lo = mid;
    else hi = mid;
  }
  return lo;
}
