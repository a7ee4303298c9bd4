import { CancelledError } from '../../errors/index.js';
import { countedInGraph } from '../../telemetry/edge-refresh.js';
import type { DetectorContext } from '../evidence.js';

/**
 * What the detectors' query halves share. They read the case only through
 * ctx.db, filter on the one edge definition (COUNTED_IN_GRAPH), let SQLite
 * group, and hand per-unit summaries or top-k rows to the scoring half.
 */

export { COUNTED_IN_GRAPH, countedInGraph } from '../../telemetry/edge-refresh.js';

export const DAY_MS = 86_400_000;

/**
 * The counted events (alias e) of the units (alias s, a row of edge_stats:
 * per-unit totals kept at import) that pass `unitFilter`: a detector that
 * needs only units with many connections or bytes reads their events
 * through the unit index and sorts only those. CROSS JOIN keeps edge_stats
 * the outer loop (SQLite would otherwise scan every event and look units up).
 */
export function eventsOfUnits(unitFilter: string): string {
  return `edge_stats s CROSS JOIN events e ON e.host = s.host AND e.image IS NULLIF(s.image, '') AND e.dst_ip = s.dst_ip
          WHERE (${unitFilter}) AND ${countedInGraph('e')}`;
}

/** Inside a loop: stop if the run was cancelled. */
export function checkCancelled(ctx: DetectorContext): void {
  if (ctx.signal.aborted) throw new CancelledError('the analysis was cancelled');
}

/** Between steps: stop if the run was cancelled (CancelledError, as the analysis's pacer), then say how far this detector is. */
export function step(ctx: DetectorContext, fraction: number): void {
  checkCancelled(ctx);
  ctx.progress(Math.min(1, Math.max(0, fraction)));
}

/** A unit's image as the evidence names it: '' for none (NULL in events). */
export function unitImage(image: string | null): string {
  return image ?? '';
}
