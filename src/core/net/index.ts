/** Network address helpers shared by readers, graph and (later) intel matching. */
export { normalizeIp, ipRange } from './ip.js';
export { ipv4ToInt, intToIpv4, ipv4Range, parseIpv4 } from './ipv4-int.js';
export { ipv6Groups, ipv6Parts } from './ipv6-groups.js';
export { lowerBound } from './lower-bound.js';
