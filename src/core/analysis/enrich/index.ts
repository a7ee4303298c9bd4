/**
 * Enrichment of destinations, for scoring and explanations. Plain functions
 * over plain data; no database. Parameters: `enrichSettings`.
 *
 * - Address class (`classifyAddress`, `classifyIpv4` for integers): private,
 *   CGNAT, loopback, link-local, multicast, broadcast, documentation,
 *   benchmarking, reserved or public, from a table of the IANA
 *   special-purpose registries; IPv6 carrying IPv4 (mapped, NAT64, 6to4,
 *   Teredo) is classed by that IPv4 address.
 * - Offline country and autonomous system of public addresses (`createGeo`):
 *   ip-location-db data installed with Sightline, or newer files dropped
 *   into `<data home>/geo`; `info()` says which file and date is in use.
 * - Legitimate services attackers misuse (`createServiceCatalogue`): cloud
 *   storage, messengers, paste sites, file sharing, tunnels, dynamic DNS...,
 *   from host names and addresses.
 * - `enrichDestination`: all three for one destination.
 */
export { addressClassMeaning, classifyAddress, classifyIpv4, classifyIpv6, describeAddressClass, isInternalClass, isPublicClass, type AddressClassification } from './address-class.js';
export { addressClasses, type AddressClass, type EmbeddingKind } from './iana-special-ranges.js';
export { createGeo, describeGeoMissing, describeGeoResult, type Geo, type GeoDataInfo, type GeoMissing, type GeoOptions, type GeoResult } from './geo.js';
export type { GeoProblem, GeoSourceInfo } from './geo-sources.js';
export type { AsInfo } from './as-table.js';
export { createServiceCatalogue, describeService, type ServiceCatalogue, type ServiceMatch, type ServiceQuery, type ServiceVia } from './services.js';
export { categoryLabels, serviceCategories, type ServiceCategory } from './service-catalogue.js';
export { enrichDestination, type DestinationEnrichment } from './enrich-destination.js';
export { enrichSettings, type EnrichSettings } from './settings.js';
