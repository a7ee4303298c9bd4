/** IPv4 as an unsigned 32-bit integer, for ranges and fast sets. The input must already be a valid dotted quad. */
export function ipv4ToInt(ip: string): number {
  let n = 0;
  let octet = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      n = n * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (c - 48);
    }
  }
  return n * 256 + octet;
}

export function intToIpv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** First and last address of an IPv4 network. */
export function ipv4Range(network: string, prefix: number): [number, number] {
  const size = 2 ** (32 - prefix);
  const lo = Math.floor(ipv4ToInt(network) / size) * size;
  return [lo, lo + size - 1];
}

/**
 * A canonical dotted quad (four octets 0-255, no leading zeros, nothing
 * else) as an unsigned 32-bit integer, or -1: one pass for checking and
 * converting, for callers that read hundreds of thousands of addresses.
 */
export function parseIpv4(text: string): number {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // A leading zero (05) is not canonical: inet_aton would read it as octal.
      if (digits === 1 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else {
      return -1;
    }
  }
  return dots === 3 && digits > 0 ? n * 256 + octet : -1;
}
