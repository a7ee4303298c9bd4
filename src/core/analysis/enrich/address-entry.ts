import ipaddr from 'ipaddr.js';

/**
 * A warninglist's address entry as its hit writes it (`13.64.0.0-13.95.255.255`,
 * `8.8.8.8`, `2001:db8::/32`, `10.0.0.0/8`) as its first and last address,
 * IPv4 and IPv6 on one number line (IPv4 below 2^32); null for anything else.
 */
export function entryBounds(entry: string): readonly [bigint, bigint] | null {
  try {
    const dash = entry.indexOf('-');
    if (dash !== -1) {
      const lo = addressNumber(ipaddr.parse(entry.slice(0, dash)));
      const hi = addressNumber(ipaddr.parse(entry.slice(dash + 1)));
      return lo <= hi ? [lo, hi] : null;
    }
    if (entry.includes('/')) {
      const [net, bits] = ipaddr.parseCIDR(entry);
      const width = BigInt(net.kind() === 'ipv4' ? 32 : 128);
      const host = (1n << (width - BigInt(bits))) - 1n;
      const lo = addressNumber(net) & ~host;
      return [lo, lo | host];
    }
    const one = addressNumber(ipaddr.parse(entry));
    return [one, one];
  } catch {
    return null;
  }
}

/** How many addresses an entry spans, or null when it cannot be read. */
export function entrySize(entry: string): bigint | null {
  const b = entryBounds(entry);
  return b === null ? null : b[1] - b[0] + 1n;
}

/** Whether every address of `inner` lies in `outer` (both entries as hits write them). */
export function entryWithin(inner: string, outer: string): boolean {
  const i = entryBounds(inner);
  const o = entryBounds(outer);
  return i !== null && o !== null && o[0] <= i[0] && i[1] <= o[1];
}

function addressNumber(a: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  const bytes = a.toByteArray();
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  // IPv4 and IPv6 never meet in one lookup; the IPv6 range sits above 2^32 all the same.
  return a.kind() === 'ipv6' ? n + (1n << 32n) : n;
}
