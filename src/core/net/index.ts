/** Network address helpers shared by readers, graph and (later) intel matching. */
export { normalizeIp, ipRange, isInternalIp } from './ip.js';
