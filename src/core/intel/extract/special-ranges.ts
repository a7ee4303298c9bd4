import ipaddr from 'ipaddr.js';
import { ipRange } from '../../net/index.js';

/**
 * Ranges ipaddr.js lumps into "reserved" but an analyst wants named:
 * documentation addresses are what example posts and our own fixtures use,
 * so "documentation" says why the address is missing.
 */
const NAMED: Array<[ipaddr.IPv4 | ipaddr.IPv6, number, string]> = [
  [ipaddr.parse('192.0.2.0'), 24, 'documentation range (RFC 5737)'],
  [ipaddr.parse('198.51.100.0'), 24, 'documentation range (RFC 5737)'],
  [ipaddr.parse('203.0.113.0'), 24, 'documentation range (RFC 5737)'],
  [ipaddr.parse('2001:db8::'), 32, 'documentation range (RFC 3849)'],
  [ipaddr.parse('198.18.0.0'), 15, 'benchmarking range (RFC 2544)'],
];

const LABELS: Record<string, string> = {
  private: 'private range (RFC 1918)',
  uniqueLocal: 'unique local range (RFC 4193)',
  loopback: 'loopback range',
  linkLocal: 'link-local range',
  multicast: 'multicast range',
  unspecified: 'unspecified address',
  broadcast: 'broadcast address',
  carrierGradeNat: 'carrier-grade NAT range (RFC 6598)',
  reserved: 'reserved range',
};

/**
 * Why a normalised address is not a public one, or null when it is public
 * ("unicast" for ipaddr.js). Named after the range so the rejection
 * explains itself: "private range (RFC 1918)", "documentation range (RFC 5737)".
 */
export function specialRangeReason(ip: string): string | null {
  const range = ipRange(ip);
  if (range === 'unicast') return null;
  const addr = ipaddr.parse(ip);
  for (const [net, bits, label] of NAMED) {
    if (addr.kind() === net.kind() && addr.match(net, bits)) return label;
  }
  return LABELS[range] ?? `${range} range`;
}
