import type { Client } from '../../shared/client.js';
import type { ViewSource } from '../model/loader.js';
import { legacyGraphView } from './legacy-graph.js';

/** How many findings the list holds (strongest first); the rest are counted. */
export const FINDINGS_PAGE = 500;

/** The engine's client as the model's source of data. */
export function clientSource(client: Client): ViewSource {
  return {
    // ADAPTER: getGraph until getGraphView is on main (then: client.getGraphView(q)).
    graphView: async (q) => {
      const graph = await client.getGraph({ caseId: q.caseId, ...(q.search ? { search: q.search } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), includeInternal: q.includeInternal ?? true });
      return legacyGraphView(graph, q);
    },
    // ADAPTER: no timeline until getTimeline is on main (then: client.getTimeline(q)).
    timeline: async () => null,
    findings: async (caseId) => {
      const r = await client.listFindings({ caseId, limit: FINDINGS_PAGE });
      return { findings: r.findings, total: r.total };
    },
  };
}
