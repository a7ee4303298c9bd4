import ipaddr from 'ipaddr.js';
import { classifyAddress, describeAddressClass } from '../analysis/enrich/index.js';
import { intToIpv4, ipv4Range } from '../net/index.js';
import type { ExtractedIndicator } from './indicator-types.js';

/**
 * Why an address or network is no indicator: it is not on the public
 * Internet (private, CGNAT, loopback, link-local, multicast, documentation,
 * benchmarking, reserved...; IPv6 carrying such an IPv4 address too), so a
 * feed naming it would make every case's own traffic a hit ("192.168.1.4,
 * score 60"). A network counts only when it lies wholly inside one such
 * block: 10.0.0.0/7 also covers the public 11.0.0.0/8. Null for everything
 * else, public addresses and networks included.
 */
export function nonPublicReason(indicator: ExtractedIndicator): string | null {
  const { type, value } = indicator;
  if (type === 'ipv4' || type === 'ipv6') {
    const c = classifyAddress(value);
    return c && c.class !== 'public' ? `${value} is ${describeAddressClass(c)}` : null;
  }
  if (type !== 'cidr') return null;
  const [net, bits] = value.split('/') as [string, string];
  const prefix = Number(bits);
  const last = net.includes(':') ? lastIpv6(net, prefix) : intToIpv4(ipv4Range(net, prefix)[1]);
  const first = classifyAddress(net);
  const end = classifyAddress(last);
  if (!first || !end || first.class === 'public' || first.range !== end.range || first.embedded?.ipv4 !== undefined) return null;
  return `${value} lies inside ${describeAddressClass(first)}`;
}

function lastIpv6(net: string, prefix: number): string {
  const bytes = ipaddr.IPv6.parse(net).toByteArray();
  for (let bit = prefix; bit < 128; bit++) bytes[bit >> 3] = (bytes[bit >> 3] as number) | (0x80 >> (bit & 7));
  return ipaddr.fromByteArray(bytes).toString();
}
