import type Database from 'better-sqlite3';
import { enrichDestination, type Geo, type ServiceCatalogue } from './enrich/index.js';

/** One row of the case's `enrichment` table: what is known of a destination address. */
export interface EnrichmentRow {
  ip: string;
  /** The address class ('public', 'private', …), 'not an address' for a value that is none. */
  addressClass: string;
  country: string | null;
  asn: number | null;
  asOrg: string | null;
  service: string | null;
  serviceCategory: string | null;
}

/**
 * Every destination address of the case with its class, country, AS and
 * service, for the analysis to store beside its findings (the graph groups
 * and labels destinations by them). Without geo data or the catalogue those
 * parts stay null.
 */
export function enrichCaseDestinations(
  db: Database.Database,
  parts: { geo?: Pick<Geo, 'lookup'> | undefined; services?: ServiceCatalogue | undefined },
  namesOf: (ip: string) => readonly string[],
): EnrichmentRow[] {
  const rows: EnrichmentRow[] = [];
  // Distinct addresses through the edge_stats_dst index, in address order.
  for (const ip of db.prepare('SELECT DISTINCT dst_ip FROM edge_stats').pluck().iterate() as IterableIterator<string>) {
    const e = enrichDestination(parts, ip, namesOf(ip));
    rows.push({
      ip,
      addressClass: e.addressClass?.class ?? 'not an address',
      country: e.country,
      asn: e.as?.number ?? null,
      asOrg: e.as?.organisation ?? null,
      service: e.service?.service ?? null,
      serviceCategory: e.service?.category ?? null,
    });
  }
  return rows;
}

/** Which geo data an enrichment was taken from: "country <built> as <built>" ("none" for a part without data). */
export function geoDataVersion(geo: Pick<Geo, 'info'>): string {
  const { country, as } = geo.info();
  const at = (s: typeof country) => (s ? (s.builtAt ?? s.files.join(' ')) : 'none');
  return `country ${at(country)}; as ${at(as)}`;
}
