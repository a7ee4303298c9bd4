import ipaddr from 'ipaddr.js';

/**
 * For a string of ASCII digits and dots only: true when it is a dotted quad
 * in canonical form (four octets 0-255, no leading zeros), false otherwise.
 * Null when any other character appears (it may be IPv6). A loop over char
 * codes: this runs for two addresses of every imported row.
 */
function dottedQuad(value: string): boolean | null {
  let dots = 0;
  let octet = 0;
  let digits = 0;
  let ok = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) ok = false;
      dots++;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // A leading zero (05) is not canonical: inet_aton would read it as octal.
      if (digits === 1 && octet === 0) ok = false;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) ok = false;
    } else {
      return null;
    }
  }
  return ok && dots === 3 && digits > 0;
}

/**
 * The canonical text of an IP address, or null when it is not one.
 * IPv4-mapped IPv6 (::ffff:1.2.3.4, as Sysmon writes them) becomes the IPv4
 * address so the same peer is one node; IPv6 is compressed and lower-case.
 * Plain dotted quads, the bulk of every log, skip the parser.
 */
export function normalizeIp(value: string): string | null {
  const quad = dottedQuad(value);
  if (quad !== null) return quad ? value : null;
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
