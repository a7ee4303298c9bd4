import type { Client } from '../../shared/client.js';
import type { ViewSource } from '../model/loader.js';

/** How many findings the list holds (strongest first); the rest are counted. */
export const FINDINGS_PAGE = 500;

/** The engine's client as the model's source of data. */
export function clientSource(client: Client): ViewSource {
  return {
    graphView: (q) => client.getGraphView(q),
    timeline: (q) => client.getTimeline(q),
    findings: async (caseId) => {
      const r = await client.listFindings({ caseId, limit: FINDINGS_PAGE });
      return { findings: r.findings, total: r.total };
    },
  };
}
