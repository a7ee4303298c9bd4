import ipaddr from 'ipaddr.js';
import { intToIpv4, ipv4Range, normalizeIp } from '../net/index.js';
import type { IndicatorType } from './indicator-types.js';

const HEX = { md5: /^[a-f0-9]{32}$/, sha1: /^[a-f0-9]{40}$/, sha256: /^[a-f0-9]{64}$/ } as const;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,22}[a-z0-9]$/;

/**
 * A feed's value in the form the store keeps, or null when it is not a
 * valid indicator of that type. Feeds are structured (a STIX pattern, a MISP
 * attribute type), so there is no guessing here; free text goes through the
 * extractor instead.
 */
export function normaliseIndicator(type: IndicatorType, raw: string): string | null {
  const value = raw.trim();
  switch (type) {
    case 'ipv4': {
      const ip = normalizeIp(value);
      return ip && !ip.includes(':') ? ip : null;
    }
    case 'ipv6': {
      const ip = normalizeIp(value);
      return ip && ip.includes(':') ? ip : null;
    }
    case 'cidr':
      return normaliseCidr(value);
    case 'domain': {
      const d = value.toLowerCase().replace(/\.$/, '');
      return DOMAIN.test(d) ? d : null;
    }
    case 'url':
      return normaliseUrl(value);
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const h = value.toLowerCase();
      return HEX[type].test(h) ? h : null;
    }
  }
}

/** `10.1.2.3/8` → `10.0.0.0/8`; a /32 (or /128) is a plain address, not a CIDR. */
export function normaliseCidr(value: string): string | null {
  const slash = value.indexOf('/');
  if (slash === -1) return null;
  const ip = normalizeIp(value.slice(0, slash));
  const prefixText = value.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (ip.includes(':')) {
    if (prefix < 1 || prefix > 128) return null;
    const network = ipaddr.IPv6.networkAddressFromCIDR(`${ip}/${prefix}`).toString();
    return `${network}/${prefix}`;
  }
  if (prefix < 1 || prefix > 32) return null;
  return `${intToIpv4(ipv4Range(ip, prefix)[0])}/${prefix}`;
}

function normaliseUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!/^(https?|ftp):$/.test(url.protocol) || url.hostname === '') return null;
  return url.toString();
}

/** The type of a bare value typed by a user (intel lookup): IP, CIDR, hash, URL or domain. */
export function guessIndicatorType(value: string): IndicatorType | null {
  const v = value.trim();
  if (v.includes('/') && !v.includes('://') && normaliseCidr(v)) return 'cidr';
  const ip = normalizeIp(v);
  if (ip) return ip.includes(':') ? 'ipv6' : 'ipv4';
  const lower = v.toLowerCase();
  if (HEX.md5.test(lower)) return 'md5';
  if (HEX.sha1.test(lower)) return 'sha1';
  if (HEX.sha256.test(lower)) return 'sha256';
  if (/^[a-z]+:\/\//i.test(v)) return normaliseUrl(v) ? 'url' : null;
  return normaliseIndicator('domain', v) ? 'domain' : null;
}
