import ipaddr from 'ipaddr.js';

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * The eight 16-bit groups of a plain IPv6 address (no embedded IPv4, no
 * zone), or null to let ipaddr.js decide. ipaddr.js's own parser made the
 * 18 000 IPv6 entries of the warninglists, and the 200 000 of the AS data,
 * the slowest part of building their indexes.
 */
export function ipv6Groups(address: string): number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (half: string | undefined): number[] | null => {
    if (!half) return [];
    const parts = half.split(':');
    return parts.every((p) => HEX_GROUP.test(p)) ? parts.map((p) => parseInt(p, 16)) : null;
  };
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}

/**
 * The eight groups of any IPv6 address ipaddr.js takes (embedded IPv4,
 * zone ids included), the plain ones without it; null when not IPv6.
 */
export function ipv6Parts(address: string): number[] | null {
  return ipv6Groups(address) ?? (ipaddr.IPv6.isValid(address) ? ipaddr.IPv6.parse(address).parts : null);
}
