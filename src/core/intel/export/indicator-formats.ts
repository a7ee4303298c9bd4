import crypto from 'node:crypto';
import type { IndicatorType } from '../indicator-types.js';

/**
 * How an indicator is named in the formats other tools read: the STIX 2.1
 * pattern, the MISP attribute type and category, and stable UUIDs. One
 * definition for the IoC store's export (export-indicators.ts) and the
 * case report's STIX and MISP writers (core/report/).
 */

/** A STIX pattern string literal: `\` and `'` escaped (a URL may hold either). */
function literal(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The STIX 2.1 pattern that matches the indicator (re-read by feeds/stix21.ts `indicatorsInPattern`). */
export const STIX_PATTERN: Record<IndicatorType, (v: string) => string> = {
  ipv4: (v) => `[ipv4-addr:value = ${literal(v)}]`,
  ipv6: (v) => `[ipv6-addr:value = ${literal(v)}]`,
  cidr: (v) => (v.includes(':') ? `[ipv6-addr:value = ${literal(v)}]` : `[ipv4-addr:value = ${literal(v)}]`),
  domain: (v) => `[domain-name:value = ${literal(v)}]`,
  url: (v) => `[url:value = ${literal(v)}]`,
  md5: (v) => `[file:hashes.MD5 = ${literal(v)}]`,
  sha1: (v) => `[file:hashes.'SHA-1' = ${literal(v)}]`,
  sha256: (v) => `[file:hashes.'SHA-256' = ${literal(v)}]`,
};

/** The STIX 2.1 hash algorithm names (the `hashes` dictionary keys of a file object). */
export const STIX_HASH_NAME = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256' } as const;

/** The MISP attribute type of each indicator type (addresses and networks are all `ip-dst`). */
export const MISP_TYPE: Record<IndicatorType, string> = { ipv4: 'ip-dst', ipv6: 'ip-dst', cidr: 'ip-dst', domain: 'domain', url: 'url', md5: 'md5', sha1: 'sha1', sha256: 'sha256' };

/** A MISP category valid for the type: a hash is a payload's, the rest is network activity. */
export function mispCategory(type: IndicatorType): 'Payload delivery' | 'Network activity' {
  return type === 'md5' || type === 'sha1' || type === 'sha256' ? 'Payload delivery' : 'Network activity';
}

/** A stable UUID (v5-like layout) from a string, so re-exports name the same thing the same way. */
export function uuidFrom(text: string): string {
  const h = crypto.createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
