import { z } from 'zod';
import { MAX_NODE_ID_CHARS } from '../name-bounds.js';
import { caseIdSchema } from '../types.js';
import { graphViewQuerySchema, graphViewSchema, timelineQuerySchema, timelineSchema } from '../graph-view-types.js';
import { entityDetailsSchema, nodeLinkKinds, nodeLinkPageSchema } from '../entity-details-types.js';
import { op } from './op.js';

/** The investigation graph, its timeline and each node's details. */
export const graphOps = {
  getGraphView: op({
    // 0.3–1.3 s on a 1M-connection case (one GROUP BY over every unit): more than the serving thread may be held.
    heavy: true,
    summary:
      'The investigation graph of a case: every destination with a finding drawn on its own, the busiest others up to the budget, the rest folded into groups with counts; one node per machine; edges as columns.',
    input: graphViewQuerySchema,
    output: graphViewSchema,
  }),
  getTimeline: op({
    // A whole-case timeline walks every connection's index entry (0.4–1.1 s at 1M).
    heavy: true,
    summary: 'Connections per time bin (count, bytes, those with a finding) over a case, one node or one edge, under the graph\'s filters.',
    input: timelineQuerySchema,
    output: timelineSchema,
  }),
  getEntityDetails: op({
    summary: 'Facts and recent connections of one graph node.',
    input: z.object({ caseId: caseIdSchema, nodeId: z.string().min(1).max(MAX_NODE_ID_CHARS), limit: z.number().int().min(1).max(1000).default(50) }),
    output: entityDetailsSchema,
  }),
  listNodeLinks: op({
    summary: 'One page of a node\'s neighbours, busiest first: a host\'s processes or destinations, a process\'s destinations, or the hosts and processes that reached a destination (sources); searchable.',
    input: z.object({
      caseId: caseIdSchema,
      nodeId: z.string().min(1).max(MAX_NODE_ID_CHARS),
      links: z.enum(nodeLinkKinds),
      /** Substring of the process path, destination address or host name. */
      search: z.string().max(200).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(25),
    }),
    output: nodeLinkPageSchema,
  }),
};
