import type ipaddr from 'ipaddr.js';

/** One IPv6 network of a list; few enough (about 2 000 in all lists) that a scan with ipaddr.js is fast. */
export interface Ipv6Network {
  address: ipaddr.IPv6;
  prefix: number;
  text: string;
}

/** The most specific network of `networks` holding `address`/`prefix` entirely, or null. */
export function findIpv6Network(networks: readonly Ipv6Network[], address: ipaddr.IPv6, prefix = 128): Ipv6Network | null {
  let best: Ipv6Network | null = null;
  for (const net of networks) {
    if (net.prefix <= prefix && address.match(net.address, net.prefix) && (!best || net.prefix > best.prefix)) best = net;
  }
  return best;
}
