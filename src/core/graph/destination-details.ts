import type Database from 'better-sqlite3';
import type { DestinationDetails } from '../../shared/entity-details-types.js';
import { addressClassMeaning, describeGeoMissing, describeGeoResult, enrichDestination } from '../analysis/enrich/index.js';
import { guessIndicatorType } from '../intel/normalise-indicator.js';
import { matchFew } from '../intel/match/index.js';
import type { DetailsDeps } from './details-deps.js';
import { nodeLinks } from './node-links.js';
import { bytesPerDay, intervalHistogram, type NodeScope } from './node-series.js';
import { reputationView } from './reputation-view.js';

/** Names of an address kept for the details (and matched against the IoC store). */
const MAX_NAMES = 20;
/** Hosts and processes listed at first; listNodeLinks pages on. */
export const FIRST_PAGE = 10;

/**
 * What is known about a destination beyond its connections: its names, the
 * IoC store's hits with their posts (and those set aside, with why), the
 * warninglists that list it, its address class, country, AS and service, the
 * rhythm of its connections (interval histogram), bytes per day, and who
 * reached it.
 */
export function destinationDetails(db: Database.Database, ip: string, s: NodeScope, span: { first: number; last: number }, deps: DetailsDeps): DestinationDetails {
  const names = namesOf(db, ip);
  const matches = matchFew(deps.homeDb, { addresses: [{ ip, firstTs: span.first, lastTs: span.last, names }], hashes: [] }, { at: deps.scoreAt(), warninglists: deps.warninglists() });
  const e = enrichDestination({ geo: deps.geo(), services: deps.services() }, ip, names);
  // One reason for both ("not a public address") in enrich's own words, else each part's.
  const geoMissing =
    e.countryMissing !== null && e.countryMissing === e.asMissing
      ? describeGeoResult(e)
      : [e.countryMissing && describeGeoMissing(e.countryMissing, 'country'), e.asMissing && describeGeoMissing(e.asMissing, 'AS')].filter(Boolean).join('; ');
  return {
    addressClass: e.addressClass?.class ?? null,
    addressClassText: e.addressClass ? addressClassMeaning(e.addressClass) : 'Not an IP address',
    country: e.country,
    as: e.as ? { number: e.as.number, name: e.as.organisation } : null,
    geoMissing: geoMissing === '' ? null : geoMissing,
    service: e.service ? { category: e.service.category, name: e.service.service } : null,
    names,
    reputation: reputationView(matches.addresses[0]),
    warninglists: listedOn(deps, ip, names),
    intervals: intervalHistogram(db, ip),
    bytesPerDay: bytesPerDay(db, s),
    reachedBy: nodeLinks(db, { kind: 'destination', ip }, 'sources', { offset: 0, limit: FIRST_PAGE }),
  };
}

/** DNS answers for the address and the names endpoint logs gave it, most seen first. */
function namesOf(db: Database.Database, ip: string): string[] {
  const rows = db
    .prepare(
      `SELECT name, SUM(n) AS n FROM (
         SELECT query AS name, COUNT(*) AS n FROM dns_answers WHERE ip = ? GROUP BY query
         UNION ALL
         SELECT dst_host, COUNT(*) FROM events WHERE dst_ip = ? AND dst_host IS NOT NULL AND dst_host <> '' GROUP BY dst_host
       ) GROUP BY name ORDER BY n DESC, name LIMIT ?`,
    )
    .pluck()
    .all(ip, ip, MAX_NAMES) as string[];
  return rows;
}

/** Every shipped warninglist that lists the address or one of its names, context-only ones included. */
function listedOn(deps: DetailsDeps, ip: string, names: readonly string[]): DestinationDetails['warninglists'] {
  const lists = deps.warninglists();
  if (!lists) return [];
  const out: DestinationDetails['warninglists'] = [];
  for (const value of [ip, ...names]) {
    const type = guessIndicatorType(value);
    if (type !== 'ipv4' && type !== 'ipv6' && type !== 'domain') continue;
    for (const hit of lists.matchAll(type, value)) out.push({ value, list: hit.list, listId: hit.id, matched: hit.matched, contextOnly: hit.contextOnly });
  }
  return out;
}
