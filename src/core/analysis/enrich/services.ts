import type { Warninglists } from '../../intel/warninglists/index.js';
import { addName, lookupName, type NameIndex } from '../../intel/warninglists/name-index.js';
import { normalizeIp } from '../../net/index.js';
import { entrySize, entryWithin } from './address-entry.js';
import { categoryLabels, curatedPatterns, curatedServices, serviceLists, type ServiceCategory, type ServiceEntry } from './service-catalogue.js';

/** How a destination was recognised as a service. */
export interface ServiceVia {
  by: 'host-name' | 'address';
  /** The host name or address of the destination that matched. */
  value: string;
  /** The catalogue's or list's entry: `api.telegram.org`, `duckdns.org`, `149.154.160.0/20`. */
  matched: string;
  /** The warninglist id that held the entry, or null for Sightline's own catalogue. */
  list: string | null;
}

export interface ServiceMatch {
  category: ServiceCategory;
  service: string;
  via: ServiceVia;
}

export interface ServiceQuery {
  ip?: string | null;
  /** Names the destination was reached by (Sysmon DestinationHostname, DNS answers, TLS SNI...). */
  hostNames?: readonly string[];
}

export interface ServiceCatalogue {
  /**
   * The service a destination belongs to, or null. Host names decide before
   * the address (a bucket name says more than an AWS range), the most
   * specific entry wins, and at equal length the curated catalogue wins
   * over a list.
   */
  identify(query: ServiceQuery): ServiceMatch | null;
}

const MAX_NAME = 253;

/**
 * The catalogue of legitimate services attackers misuse: Sightline's own
 * list (service-catalogue.ts) plus the shipped warninglists that name such
 * services (LOTS, dynamic DNS, cloud and Telegram ranges...). Without
 * warninglists it answers from its own list alone.
 */
export function createServiceCatalogue(options: { warninglists: Pick<Warninglists, 'matchAll'> | null }): ServiceCatalogue {
  const index: NameIndex = new Map();
  curatedServices.forEach((entry, i) => addName(index, entry.domain, i, true));
  const { warninglists } = options;

  /** The best match for one name, with the length of the entry that matched (its specificity). */
  const byName = (name: string): { match: ServiceMatch; length: number } | null => {
    const found: Array<{ match: ServiceMatch; length: number }> = [];
    // lookupName gives the longest suffix first.
    const [curated] = lookupName(index, name);
    if (curated) found.push({ match: fromEntry(curatedServices[curated.list] as ServiceEntry, name, curated.matched), length: curated.matched.length });
    for (const { pattern, entry } of curatedPatterns) {
      if (pattern.test(name)) found.push({ match: fromEntry(entry, name, entry.domain), length: name.length });
    }
    for (const hit of warninglists?.matchAll('domain', name) ?? []) {
      const list = serviceLists[hit.id];
      if (list) found.push({ match: { category: list.category, service: list.service ?? hit.matched, via: { by: 'host-name', value: name, matched: hit.matched, list: hit.id } }, length: hit.matched.length });
    }
    return longest(found);
  };

  /**
   * The service an address is in. A service's range inside a cloud provider's
   * range is one tenant's share of the cloud's address space (GitHub lists the
   * Azure ranges its Actions runners borrow; Microsoft's own telemetry lives
   * in them too): the cloud names the address, not the tenant. Of the rest the
   * most specific entry wins; at equal size the list id in alphabetical order
   * decides, so the answer never depends on the order lists were loaded.
   */
  const byAddress = (ip: string): ServiceMatch | null => {
    const type = ip.includes(':') ? 'ipv6' : 'ipv4';
    // matchAll lists the most specific entry first; sort is stable, so only equals are reordered.
    const hits = (warninglists?.matchAll(type, ip) ?? [])
      .filter((hit) => serviceLists[hit.id] !== undefined)
      .map((hit, rank) => ({ hit, rank, size: entrySize(hit.matched) }))
      .sort((a, b) => (a.size !== null && b.size !== null && a.size !== b.size ? (a.size < b.size ? -1 : 1) : a.rank - b.rank) || (a.hit.id < b.hit.id ? -1 : a.hit.id > b.hit.id ? 1 : 0));
    const clouds = hits.filter((h) => serviceLists[h.hit.id]?.category === 'cloud-hosting');
    const best = hits.find((h) => serviceLists[h.hit.id]?.category === 'cloud-hosting' || !clouds.some((c) => entryWithin(h.hit.matched, c.hit.matched)));
    if (!best) return null;
    const list = serviceLists[best.hit.id] as { category: ServiceCategory; service: string | null };
    return { category: list.category, service: list.service ?? best.hit.matched, via: { by: 'address', value: ip, matched: best.hit.matched, list: best.hit.id } };
  };

  return {
    identify({ ip, hostNames }) {
      const found = (hostNames ?? []).map(hostName).flatMap((name) => (name === null ? [] : (byName(name) ?? [])));
      const best = longest(found);
      if (best) return best.match;
      const address = ip ? normalizeIp(ip.trim()) : null;
      return address === null ? null : byAddress(address);
    },
  };
}

/** "Telegram Bot API (messenger) via api.telegram.org", "Telegram (messenger): 149.154.167.220 is in 149.154.160.0/20 on the telegram-ips list". */
export function describeService(match: ServiceMatch): string {
  const what = `${match.service} (${categoryLabels[match.category]})`;
  const list = match.via.list === null ? '' : ` on the ${match.via.list} list`;
  if (match.via.by === 'address') return `${what}: ${match.via.value} is in ${match.via.matched}${list}`;
  return `${what} via ${match.via.value}${match.via.matched === match.via.value || list === '' ? '' : ` (${match.via.matched}${list})`}`;
}

/** Lower-case, without a trailing dot or brackets; null for an empty, overlong or IP-literal name. */
function hostName(raw: string): string | null {
  let name = raw.trim().toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '' || name.length > MAX_NAME || name.startsWith('[') || normalizeIp(name) !== null) return null;
  return name;
}

function fromEntry(entry: ServiceEntry, name: string, matched: string): ServiceMatch {
  return { category: entry.category, service: entry.service, via: { by: 'host-name', value: name, matched, list: null } };
}

/** The most specific of the matches; the first of equals (curated entries come first, names in the order given). */
function longest<T extends { length: number }>(found: readonly T[]): T | null {
  let best: T | null = null;
  for (const f of found) if (best === null || f.length > best.length) best = f;
  return best;
}
