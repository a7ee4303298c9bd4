/**
 * The parameters of enrichment, with their defaults. One object, so the
 * analysis settings can take it whole; each value says why it is what it is.
 */
export const enrichSettings = {
  geo: {
    /** Folder under the data home where newer country or AS files are dropped: `<data home>/geo`. */
    homeFolder: 'geo',
    /** Folder under `homeFolder` where the AS table built from CSV is kept between runs (a 12 MB file that loads in ~20 ms instead of ~0.6 s of parsing). */
    cacheFolder: 'cache',
    /** A dropped-in .mmdb larger than this is refused, not read into memory (GeoLite2-City is ~70 MB, DB-IP city ~130 MB). */
    maxMmdbBytes: 512 * 2 ** 20,
    /** A dropped-in AS CSV larger than this is refused (ip-location-db's asn-ipv4.csv is 24 MB). */
    maxCsvBytes: 256 * 2 ** 20,
    /** AS organisation names are cut to this many characters: data files are hostile like any input. */
    maxOrganisationChars: 256,
    /** Decoded .mmdb records kept for reuse (a country file has ~250 distinct records, an AS file ~90 000). */
    mmdbRecordCache: 100_000,
  },
} as const;

export type EnrichSettings = typeof enrichSettings;
