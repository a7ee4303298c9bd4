import type { IndicatorType } from '../indicator-types.js';

/** The four kinds of MISP warninglist, as the `type` field of each list.json names them. */
export const warninglistKinds = ['cidr', 'hostname', 'string', 'substring'] as const;
export type WarninglistKind = (typeof warninglistKinds)[number];

/** What Sightline tells an analyst about one shipped list. */
export interface WarninglistInfo {
  /** File name without `.json`, e.g. `public-dns-v4`: stable, unlike the name. */
  id: string;
  /** The list's own name, e.g. "List of known IPv4 public DNS resolvers": what a reason quotes. */
  name: string;
  description: string;
  kind: WarninglistKind;
  /** Entries as the file has them (an entry that does not parse is left out of the index). */
  entries: number;
  /**
   * True when a hit is context, not a verdict: the list names infrastructure
   * that attackers rent or abuse (LOTS, dynamic DNS, cloud and VPN ranges,
   * sinkholes...). Such a hit must not suppress an indicator. See context-only-lists.ts.
   */
  contextOnly: boolean;
}

export interface WarninglistHit {
  /** The list's name, quoted in rejection reasons. */
  list: string;
  description?: string;
  id: string;
  contextOnly: boolean;
  /** The entry that matched, normalised: `duckdns.org`, `8.8.8.8/32`, `13.64.0.0-13.95.255.255`. */
  matched: string;
}

/**
 * Answers "is this value on a warninglist, and does that matter?". `match`
 * returns the hit that decides (see decide-hit.ts): a context-only hit when
 * it is at least as specific as any suppressing one, the most specific
 * suppressing hit otherwise. Only `match` is required so a test double is one line.
 */
export interface WarninglistMatcher {
  match(type: IndicatorType, value: string): WarninglistHit | null;
  /** Every hit, most specific first; for callers that label indicators. */
  matchAll?(type: IndicatorType, value: string): WarninglistHit[];
  /** Whether a top-level domain is delegated by IANA (from tlds.json); undefined when that list is not loaded. */
  isKnownTld?(tld: string): boolean | undefined;
}

export interface Warninglists extends WarninglistMatcher {
  lists: readonly WarninglistInfo[];
  matchAll(type: IndicatorType, value: string): WarninglistHit[];
  isKnownTld(tld: string): boolean | undefined;
}

/** The shape of a MISP warninglist file. */
export interface WarninglistFile {
  name: string;
  description: string;
  type: string;
  list: string[];
  matching_attributes?: string[];
  version?: number;
}
