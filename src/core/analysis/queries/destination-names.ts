import type Database from 'better-sqlite3';

/** At most this many names are kept per address (a CDN address can carry thousands). */
const MAX_NAMES = 20;

/** Connections per address whose host-name column createNameLookup reads. */
export const SAMPLED_EVENTS = 32;

/** A name as compared: lower-case, without the root's dot; null when empty or the address itself. */
function cleanName(ip: string, name: string): string | null {
  const clean = name.toLowerCase().replace(/\.$/, '');
  return clean === '' || clean === ip ? null : clean;
}

/**
 * Whether the case names its destinations at all (DNS answers, or host
 * names in its first connections): without names, "reached by address"
 * says nothing and looking names up costs for nothing.
 */
export function caseHoldsNames(db: Database.Database): boolean {
  if (db.prepare('SELECT 1 FROM dns_answers LIMIT 1').get() !== undefined) return true;
  return db.prepare('SELECT 1 FROM (SELECT dst_host FROM events LIMIT 10000) WHERE dst_host IS NOT NULL LIMIT 1').get() !== undefined;
}

export type NamesOf = (ip: string) => readonly string[];

/**
 * The names of one address at a time, for detectors that ask about some
 * addresses only (a whole run holds every address's names already:
 * intel/match's readCaseObservables, which a caller can hand the detectors
 * instead): DNS answers through their address index, and the host names of
 * the address's first SAMPLED_EVENTS connections (an endpoint log names
 * every connection to an address alike; reading them all through
 * events_dst took 8 s on a 1M-connection case, this 1.4 s for all of its
 * 20k addresses). Remembers its answers; null when the case holds no names.
 */
export function createNameLookup(db: Database.Database): NamesOf | null {
  if (!caseHoldsNames(db)) return null;
  const dns = db.prepare('SELECT DISTINCT query FROM dns_answers WHERE ip = ? LIMIT ?').pluck();
  const endpoint = db.prepare('SELECT DISTINCT dst_host FROM (SELECT dst_host FROM events WHERE dst_ip = ? LIMIT ?) WHERE dst_host IS NOT NULL LIMIT ?').pluck();
  const known = new Map<string, readonly string[]>();
  return (ip) => {
    let names = known.get(ip);
    if (names === undefined) {
      const found = new Set<string>();
      const add = (n: string) => {
        const clean = cleanName(ip, n);
        if (clean !== null) found.add(clean);
      };
      for (const n of dns.all(ip, MAX_NAMES) as string[]) add(n);
      if (found.size < MAX_NAMES) for (const n of endpoint.all(ip, SAMPLED_EVENTS, MAX_NAMES) as string[]) add(n);
      names = [...found].slice(0, MAX_NAMES);
      known.set(ip, names);
    }
    return names;
  };
}
