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
