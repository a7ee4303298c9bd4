import type Database from 'better-sqlite3';

/**
 * Names a case knows for its destination addresses: DNS answers (Zeek
 * dns.log, Sysmon event 22, Suricata) and the host names endpoint logs
 * wrote per connection (Sysmon's DestinationHostname, events.dst_host).
 * DNS answers are indexed by address; host names per event are not, so
 * only the first `sampleEvents` connections of each address are read
 * (an endpoint log names every connection to an address alike): reading
 * them all cost 8-10 s at 1M connections.
 */
export interface NameSettings {
  /** Connections per address whose host name column is read. */
  readonly sampleEvents: number;
  /** Names kept per address. */
  readonly maxNames: number;
}

export const nameSettings: NameSettings = { sampleEvents: 32, maxNames: 4 };

export type NamesOf = (ip: string) => readonly string[];

/**
 * Whether the case names its destinations at all (DNS answers, or host
 * names in its first connections): without names, "reached by address"
 * says nothing and looking names up costs for nothing.
 */
export function caseHoldsNames(db: Database.Database): boolean {
  if (db.prepare('SELECT 1 FROM dns_answers LIMIT 1').get() !== undefined) return true;
  return db.prepare('SELECT 1 FROM (SELECT dst_host FROM events LIMIT 10000) WHERE dst_host IS NOT NULL LIMIT 1').get() !== undefined;
}

/** A lookup of the names of one address at a time (two indexed queries), remembering its answers; null when the case holds no names. */
export function createNameLookup(db: Database.Database, settings: NameSettings = nameSettings): NamesOf | null {
  if (!caseHoldsNames(db)) return null;
  const dns = db.prepare('SELECT DISTINCT query FROM dns_answers WHERE ip = ? LIMIT ?').pluck();
  const endpoint = db
    .prepare('SELECT DISTINCT dst_host FROM (SELECT dst_host FROM events WHERE dst_ip = ? LIMIT ?) WHERE dst_host IS NOT NULL LIMIT ?')
    .pluck();
  const known = new Map<string, readonly string[]>();
  return (ip) => {
    let names = known.get(ip);
    if (names === undefined) {
      const found = new Set<string>();
      for (const n of dns.all(ip, settings.maxNames) as string[]) found.add(n.toLowerCase());
      if (found.size < settings.maxNames) for (const n of endpoint.all(ip, settings.sampleEvents, settings.maxNames) as string[]) found.add(n.toLowerCase());
      names = [...found].slice(0, settings.maxNames);
      known.set(ip, names);
    }
    return names;
  };
}
