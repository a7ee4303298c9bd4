import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { graphViewQuerySchema, graphViewSchema, timelineQuerySchema, timelineSchema, type GraphView, type Timeline } from '../../shared/graph-view-types.js';
import { buildGraphView, type GraphViewContext } from './build-graph-view.js';
import { buildTimeline } from './timeline.js';
import type { StoredParse, ViewCache } from './view-cache.js';

/** What a case opens on: the graph view and the timeline with every filter and grouping at its default. */
export function openingQueries(caseId: string) {
  return { view: graphViewQuerySchema.parse({ caseId }), timeline: timelineQuerySchema.parse({ caseId }) };
}

/** A kept answer read back: the value when it fits the operation's output schema, else undefined (grouped anew). */
function storedParse<T>(schema: z.ZodType<T>): StoredParse<T> {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
}

export const storedView: StoredParse<GraphView> = storedParse(graphViewSchema);
export const storedTimeline: StoredParse<Timeline> = storedParse(timelineSchema);

/**
 * Computes the opening view and timeline on `db` (the analysis's connection,
 * in the case's write turn, after its run is saved) and keeps them in the
 * case file, so the first open after this analysis, even after a restart,
 * reads them instead of grouping every connection.
 */
export function storeOpeningViews(db: Database.Database, caseId: string, cache: ViewCache, context: GraphViewContext): void {
  const q = openingQueries(caseId);
  cache.store(db, 'view', q.view, () => buildGraphView(db, q.view, context));
  cache.store(db, 'timeline', q.timeline, () => buildTimeline(db, q.timeline));
}
