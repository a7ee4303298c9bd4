/** Network address helpers shared by readers, graph and (later) intel matching. */
export { normalizeIp, ipRange, isInternalIp } from './ip.js';
export { ipv4ToInt, intToIpv4, ipv4Range } from './ipv4-int.js';
