import ipaddr from 'ipaddr.js';
import { ipv4Range, ipv4ToInt, normalizeIp } from '../../net/index.js';
import type { IndicatorType } from '../indicator-types.js';
import { buildIndexes, type ListSource, type WarninglistIndexes } from './build-indexes.js';
import { decideHit, type RankedHit } from './decide-hit.js';
import { describeIpv4Range, findIpv4Range } from './ipv4-range-set.js';
import { findIpv6Network } from './ipv6-network-set.js';
import { lookupName } from './name-index.js';
import type { WarninglistHit, Warninglists } from './warninglist-types.js';

/** A matcher over lists already parsed (loadWarninglists reads them from disk; tests may pass their own). */
export function createWarninglists(sources: readonly ListSource[]): Warninglists {
  const indexes = buildIndexes(sources);
  const show = (hit: RankedHit): WarninglistHit => {
    const info = indexes.infos[hit.list];
    if (!info) throw new Error(`no warninglist #${hit.list}`);
    return { list: info.name, description: info.description, id: info.id, contextOnly: info.contextOnly, matched: hit.matched };
  };
  const ranked = (type: IndicatorType, value: string) => rankedHits(indexes, type, value.trim());
  return {
    lists: indexes.infos,
    match(type, value) {
      const hit = decideHit(ranked(type, value));
      return hit ? show(hit) : null;
    },
    matchAll(type, value) {
      // One hit per list, its most specific entry: www.virustotal.com and virustotal.com are one listing.
      const seen = new Set<number>();
      return ranked(type, value)
        .sort((a, b) => b.specificity - a.specificity)
        .filter((h) => !seen.has(h.list) && seen.add(h.list))
        .map(show);
    },
    isKnownTld(tld) {
      return indexes.tlds()?.has(tld.toUpperCase());
    },
  };
}

function rankedHits(indexes: WarninglistIndexes, type: IndicatorType, value: string): RankedHit[] {
  switch (type) {
    case 'ipv4':
    case 'ipv6':
      return addressHits(indexes, value, null);
    case 'cidr': {
      const slash = value.indexOf('/');
      const prefix = Number(value.slice(slash + 1));
      if (slash === -1 || !Number.isInteger(prefix)) return [];
      return addressHits(indexes, value.slice(0, slash), prefix);
    }
    case 'domain':
      return nameHits(indexes, value.toLowerCase().replace(/\.$/, ''));
    case 'url': {
      const host = urlHost(value);
      if (host === null) return [];
      return normalizeIp(host) !== null ? addressHits(indexes, host, null) : nameHits(indexes, host);
    }
    default:
      return [];
  }
}

/** Hits for an address, or for a whole network when `prefix` is given (the network must lie inside the entry). */
function addressHits(indexes: WarninglistIndexes, raw: string, prefix: number | null): RankedHit[] {
  const ip = normalizeIp(raw);
  if (ip === null) return [];
  const hits: RankedHit[] = [];
  const contextOnly = (list: number) => indexes.infos[list]?.contextOnly ?? false;
  if (!ip.includes(':')) {
    const [lo, hi] = prefix === null ? [ipv4ToInt(ip), ipv4ToInt(ip)] : ipv4Range(ip, Math.min(prefix, 32));
    for (const { list, set } of indexes.ipv4()) {
      const at = findIpv4Range(set, lo, hi);
      if (at === -1) continue;
      const { text, bits } = describeIpv4Range(set, at);
      hits.push({ list, matched: text, contextOnly: contextOnly(list), specificity: bits });
    }
    return hits;
  }
  const address = ipaddr.IPv6.parse(ip);
  for (const { list, networks } of indexes.ipv6()) {
    const net = findIpv6Network(networks, address, prefix ?? 128);
    if (net) hits.push({ list, matched: net.text, contextOnly: contextOnly(list), specificity: net.prefix });
  }
  return hits;
}

function nameHits(indexes: WarninglistIndexes, name: string): RankedHit[] {
  if (name === '') return [];
  const contextOnly = (list: number) => indexes.infos[list]?.contextOnly ?? false;
  const hits: RankedHit[] = lookupName(indexes.names(), name).map(({ list, matched }) => ({
    list,
    matched,
    contextOnly: contextOnly(list),
    specificity: matched.length,
  }));
  for (const { list, needles } of indexes.substrings()) {
    const needle = needles.find((n) => name.includes(n));
    if (needle !== undefined) hits.push({ list, matched: needle, contextOnly: contextOnly(list), specificity: needle.length });
  }
  return hits;
}

/** The lower-case host of a URL without brackets, or null when it does not parse. */
function urlHost(value: string): string | null {
  try {
    const host = new URL(value).hostname.toLowerCase();
    return host.startsWith('[') ? host.slice(1, -1) : host.replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}
