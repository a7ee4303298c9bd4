import type { Handlers } from '../../shared/dispatch.js';
import type { EngineServices } from '../engine-services.js';
import type { WarninglistMatcher } from '../intel/warninglists/index.js';
import { buildGraphView } from './build-graph-view.js';
import { buildTimeline } from './timeline.js';
import { storedTimeline, storedView } from './opening-views.js';
import type { ViewCache } from './view-cache.js';

type GraphHandlers = Pick<Handlers, 'getGraphView' | 'getTimeline'>;

/** The graph operations: read-only, on the case's shared connection (a node's details: details-handlers.ts). */
export function createGraphHandlers(s: Pick<EngineServices, 'cases'>, deps: { cache: ViewCache; warninglists?: () => WarninglistMatcher | undefined }): GraphHandlers {
  const { cache } = deps;
  return {
    getGraphView: (q) => {
      const db = s.cases.open(q.caseId);
      return cache.get(db, 'view', q, () => buildGraphView(db, q, { warninglists: deps.warninglists?.() }), storedView);
    },
    getTimeline: (q) => {
      const db = s.cases.open(q.caseId);
      return cache.get(db, 'timeline', q, () => buildTimeline(db, q), storedTimeline);
    },
  };
}
