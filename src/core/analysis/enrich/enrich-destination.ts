import { classifyAddress, type AddressClassification } from './address-class.js';
import type { AsInfo } from './as-table.js';
import type { Geo, GeoMissing } from './geo.js';
import type { ServiceCatalogue, ServiceMatch } from './services.js';

/** Everything enrichment knows of one destination: the per-address row the analysis stores. */
export interface DestinationEnrichment {
  ip: string;
  /** Null when `ip` is not an address (a shifted column in a hostile file). */
  addressClass: AddressClassification | null;
  country: string | null;
  as: AsInfo | null;
  countryMissing: GeoMissing | null;
  asMissing: GeoMissing | null;
  service: ServiceMatch | null;
}

/** One call per destination for the analysis: class, country and AS (public addresses only), service. */
export function enrichDestination(parts: { geo: Geo; services: ServiceCatalogue }, ip: string, hostNames: readonly string[] = []): DestinationEnrichment {
  const geo = parts.geo.lookup(ip);
  return {
    ip,
    addressClass: classifyAddress(ip),
    country: geo.country,
    as: geo.as,
    countryMissing: geo.countryMissing,
    asMissing: geo.asMissing,
    service: parts.services.identify({ ip, hostNames }),
  };
}
