import type Database from 'better-sqlite3';
import { COUNTED_IN_GRAPH } from '../../telemetry/edge-refresh.js';

/** At most this many names are kept per address (a CDN address can carry thousands). */
const MAX_NAMES = 20;

/**
 * The host names each destination address went by in the case: DNS answers
 * (Sysmon event 22, Zeek dns.log) and the names endpoint logs wrote beside
 * the connection (Sysmon DestinationHostname), lower-cased, most seen first.
 */
export function destinationNames(db: Database.Database): Map<string, string[]> {
  const counts = new Map<string, Map<string, number>>();
  const add = (ip: string, name: string, n: number) => {
    const clean = name.toLowerCase().replace(/\.$/, '');
    if (clean === '' || clean === ip) return;
    let m = counts.get(ip);
    if (!m) counts.set(ip, (m = new Map()));
    m.set(clean, (m.get(clean) ?? 0) + n);
  };
  for (const [ip, name, n] of db.prepare('SELECT ip, query, COUNT(*) FROM dns_answers GROUP BY ip, query').raw().iterate() as IterableIterator<[string, string, number]>) add(ip, name, n);
  for (const [ip, name, n] of db
    .prepare(`SELECT dst_ip, dst_host, COUNT(*) FROM events INDEXED BY events_dst_host WHERE dst_host IS NOT NULL AND ${COUNTED_IN_GRAPH} GROUP BY dst_ip, dst_host`)
    .raw()
    .iterate() as IterableIterator<[string, string, number]>) {
    add(ip, name, n);
  }
  const out = new Map<string, string[]>();
  for (const [ip, m] of counts) {
    out.set(
      ip,
      [...m.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_NAMES)
        .map((e) => e[0]),
    );
  }
  return out;
}
