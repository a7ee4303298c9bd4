import type { Handlers } from '../../shared/dispatch.js';
import type { EngineServices } from '../engine-services.js';
import { InvalidInputError } from '../errors/index.js';
import type { DetailsDeps } from './details-deps.js';
import { entityDetails } from './entity-details.js';
import { parseNodeId } from './node-id.js';
import { nodeLinks } from './node-links.js';
import { whereSeen } from './where-seen.js';

type DetailsHandlers = Pick<Handlers, 'getEntityDetails' | 'listNodeLinks' | 'intelWhereSeen'>;

/**
 * The details of one node and its neighbours (read-only, on the case's
 * shared connection), and the pivot from an indicator to the cases that saw
 * it (heavy: it may scan every case).
 */
export function createDetailsHandlers(s: Pick<EngineServices, 'cases'>, deps: DetailsDeps): DetailsHandlers {
  return {
    getEntityDetails: ({ caseId, nodeId, limit }) => entityDetails(s.cases.open(caseId), caseId, nodeId, limit, deps),
    listNodeLinks: ({ caseId, nodeId, links, search, offset, limit }) => {
      const ref = parseNodeId(nodeId);
      if (!ref) throw new InvalidInputError(`"${nodeId.slice(0, 80)}" is not a graph node id`, { field: 'nodeId' });
      return nodeLinks(s.cases.open(caseId), ref, links, { search, offset, limit });
    },
    intelWhereSeen: (q) => whereSeen(s.cases, q),
  };
}
