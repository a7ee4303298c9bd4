import type { DetectorContext } from '../evidence.js';

/**
 * What the detectors' query halves share. They read the case only through
 * ctx.db, filter on the one edge definition (COUNTED_IN_GRAPH), let SQLite
 * group, and hand per-unit summaries or top-k rows to the scoring half.
 */
export { COUNTED_IN_GRAPH, countedInGraph } from '../../telemetry/edge-refresh.js';

export const DAY_MS = 86_400_000;

/** Between steps: stop if the run was cancelled, then say how far this detector is. */
export function step(ctx: DetectorContext, fraction: number): void {
  ctx.signal.throwIfAborted();
  ctx.progress(Math.min(1, Math.max(0, fraction)));
}

/** A unit's image as the evidence names it: '' for none (NULL in events). */
export function unitImage(image: string | null): string {
  return image ?? '';
}
