/** The process → destination graph and the details behind each node. */
export { buildGraph, imageName, type GraphOptions } from './build-graph.js';
export { entityDetails } from './entity-details.js';
export { parseNodeId, hostId, processId, destinationId, type NodeRef } from './node-id.js';
