/** The process → destination graph and the details behind each node. */
export { imageName } from './unit-rows.js';
export { entityDetails } from './entity-details.js';
export { parseNodeId, hostId, processId, destinationId, type NodeRef } from './node-id.js';
export { buildGraphView, type GraphViewOptions } from './build-graph-view.js';
export { buildTimeline, type TimelineOptions } from './timeline.js';
export { groupId, parseGroupId } from './group-keys.js';
