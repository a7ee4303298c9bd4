import ipaddr from 'ipaddr.js';

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * The canonical text of an IP address, or null when it is not one.
 * IPv4-mapped IPv6 (::ffff:1.2.3.4, as Sysmon writes them) becomes the IPv4
 * address so the same peer is one node; IPv6 is compressed and lower-case.
 * Plain dotted quads, the bulk of every log, skip the parser.
 */
export function normalizeIp(value: string): string | null {
  const m = DOTTED.exec(value);
  if (m) {
    for (let i = 1; i <= 4; i++) {
      const octet = m[i] as string;
      if (Number(octet) > 255 || (octet.length > 1 && octet[0] === '0')) return null;
    }
    return value;
  }
  // ipaddr.js also takes inet_aton's forms (1692161622, 127.1, 0x7f.0.0.1):
  // in a log those are a shifted column, not an address. IPv4 must be a
  // dotted quad; anything else must be IPv6.
  if (!value.includes(':') || !ipaddr.IPv6.isValid(value)) return null;
  try {
    return ipaddr.process(value).toString();
  } catch {
    return null;
  }
}

/** The ipaddr.js range name: 'unicast' for public addresses, 'private', 'loopback', 'linkLocal'... otherwise. */
export function ipRange(ip: string): string {
  try {
    return ipaddr.process(ip).range();
  } catch {
    return 'invalid';
  }
}

/** Not routed on the public Internet: the peers an analyst reads as "inside". */
export function isInternalIp(ip: string): boolean {
  const range = ipRange(ip);
  return range !== 'unicast' && range !== 'invalid';
}
