/**
 * How gaps are cut into bins, for the server (which counts) and the charts
 * (which draw): pure arithmetic, no DOM, so the reports of issue 14 can run
 * the same in Node. (Time bins are getTimeline's, core/graph/timeline.ts.)
 */

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
