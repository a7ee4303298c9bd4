import ipaddr from 'ipaddr.js';
import { ipv4Range, ipv6Groups } from '../../net/index.js';
import type { Ipv6Network } from './ipv6-network-set.js';

export type CidrEntry = { family: 4; lo: number; hi: number } | { family: 6; network: Ipv6Network };

/**
 * One entry of a `cidr` list: a network or a bare address (the lists mix
 * both), or null when it is neither. IPv4-mapped IPv6 entries (umbrella's
 * `::ffff:9270:3d68`) become IPv4, because Sightline stores those peers as
 * IPv4 (see normalizeIp) and would otherwise never match them.
 */
export function parseCidrEntry(raw: string): CidrEntry | null {
  const entry = raw.trim();
  const v4 = parseIpv4Network(entry);
  if (v4 !== null) return { family: 4, lo: v4[0], hi: v4[1] };
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const prefixText = slash === -1 ? null : entry.slice(slash + 1);
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return null;

  if (!address.includes(':')) return null;
  const groups = ipv6Groups(address);
  if (!groups && !ipaddr.IPv6.isValid(address)) return null;
  const v6 = groups ? new ipaddr.IPv6(groups) : ipaddr.IPv6.parse(address);
  const prefix = prefixText === null ? 128 : Number(prefixText);
  if (prefix > 128) return null;
  // Not v6.isIPv4MappedAddress(): it runs range(), a scan of every special range, per entry.
  const p = v6.parts;
  if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0xffff && prefix >= 96) {
    const [lo, hi] = ipv4Range(v6.toIPv4Address().toString(), prefix - 96);
    return { family: 4, lo, hi };
  }
  // The entry as written names the match; ipaddr's toString() would double the build time.
  return { family: 6, network: { address: v6, prefix, text: `${address.toLowerCase()}/${prefix}` } };
}

/**
 * `a.b.c.d` or `a.b.c.d/n` in one pass over the characters: 140 000 IPv4
 * entries go through here at load, and regex plus normalizeIp took most of
 * the load time. Null for anything else (IPv6 included), and for octets
 * above 255 or with leading zeros, as normalizeIp would.
 */
export function parseIpv4Network(entry: string): [number, number] | null {
  let value = 0;
  let octet = -1;
  let digits = 0;
  let dots = 0;
  let i = 0;
  for (; i < entry.length; i++) {
    const c = entry.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return null;
      octet = (octet < 0 ? 0 : octet) * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return null;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = -1;
      digits = 0;
      dots++;
    } else break;
  }
  if (dots !== 3 || digits === 0) return null;
  value = value * 256 + octet;
  let prefix = 32;
  if (i < entry.length) {
    const rest = entry.slice(i + 1);
    if (entry[i] !== '/' || !/^\d{1,2}$/.test(rest) || Number(rest) > 32) return null;
    prefix = Number(rest);
  }
  const size = 2 ** (32 - prefix);
  const lo = Math.floor(value / size) * size;
  return [lo, lo + size - 1];
}
