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

/** One call per destination for the analysis: class, country and AS (public addresses only), service; a part not given stays null. */
export function enrichDestination(
  parts: { geo?: Pick<Geo, 'lookup'> | undefined; services?: ServiceCatalogue | undefined },
  ip: string,
  hostNames: readonly string[] = [],
): DestinationEnrichment {
  const geo = parts.geo?.lookup(ip);
  return {
    ip,
    addressClass: classifyAddress(ip),
    country: geo?.country ?? null,
    as: geo?.as ?? null,
    countryMissing: geo?.countryMissing ?? null,
    asMissing: geo?.asMissing ?? null,
    service: parts.services?.identify({ ip, hostNames }) ?? null,
  };
}
