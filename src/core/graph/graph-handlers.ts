import type { Handlers } from '../../shared/dispatch.js';
import type { EngineServices } from '../engine-services.js';
import type { WarninglistMatcher } from '../intel/warninglists/index.js';
import { buildGraph } from './build-graph.js';
import { buildGraphView } from './build-graph-view.js';
import { buildTimeline } from './timeline.js';

type GraphHandlers = Pick<Handlers, 'getGraph' | 'getGraphView' | 'getTimeline'>;

/** The graph operations: read-only, on the case's shared connection (a node's details: details-handlers.ts). */
export function createGraphHandlers(s: Pick<EngineServices, 'cases'>, deps: { warninglists?: () => WarninglistMatcher | undefined } = {}): GraphHandlers {
  return {
    getGraph: (q) => buildGraph(s.cases.open(q.caseId), q),
    getGraphView: (q) => buildGraphView(s.cases.open(q.caseId), q, { warninglists: deps.warninglists?.() }),
    getTimeline: (q) => buildTimeline(s.cases.open(q.caseId), q),
  };
}
