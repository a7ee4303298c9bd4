import type Database from 'better-sqlite3';
import { ipRange } from '../net/index.js';
import { refreshEdges } from './edge-refresh.js';

/** Outbound connections a host must have opened from an address before the address is taken as the host's. */
const MIN_OUTBOUND = 3;

/**
 * Sensors know machines by address, endpoint logs by name: without this the
 * graph shows 192.168.1.41 and MKT01 as two hosts. A host's own addresses
 * are the source addresses of connections its endpoint log says it opened
 * (Initiated = true: for those the source is certainly local; inbound and UDP
 * events are not trusted for this). An address claimed by exactly one host
 * names that host on every flow whose host is the address; the flow's own
 * src_ip keeps the address. Addresses shared by several hosts (NAT, DHCP
 * reuse within the case) are left alone. Returns the addresses named now.
 */
export function nameFlowHosts(db: Database.Database): { ip: string; host: string }[] {
  const claims = db
    .prepare(`SELECT src_ip AS ip, host, COUNT(*) AS n FROM events WHERE image IS NOT NULL AND initiated = 1 GROUP BY src_ip, host`)
    .all() as { ip: string; host: string; n: number }[];
  const byIp = new Map<string, { host: string; n: number }[]>();
  for (const c of claims) {
    let list = byIp.get(c.ip);
    if (!list) byIp.set(c.ip, (list = []));
    list.push(c);
  }
  const named: { ip: string; host: string }[] = [];
  const hasFlows = db.prepare('SELECT 1 FROM events WHERE host = ? AND image IS NULL LIMIT 1');
  for (const [ip, hosts] of byIp) {
    const only = hosts.length === 1 ? hosts[0] : undefined;
    if (!only || only.n < MIN_OUTBOUND || only.host === ip) continue;
    const range = ipRange(ip);
    if (range === 'loopback' || range === 'unspecified' || range === 'multicast' || range === 'broadcast') continue;
    if (hasFlows.get(ip) !== undefined) named.push({ ip, host: only.host });
  }
  if (named.length === 0) return [];

  db.transaction(() => {
    db.exec('CREATE TEMP TABLE rehost_keys (host TEXT NOT NULL, image TEXT NOT NULL, dst_ip TEXT NOT NULL, PRIMARY KEY (host, image, dst_ip)) WITHOUT ROWID');
    const keys = db.prepare(`INSERT OR IGNORE INTO rehost_keys SELECT DISTINCT ?, '', dst_ip FROM events WHERE host = ? AND image IS NULL`);
    const rename = db.prepare('UPDATE events SET host = ? WHERE host = ? AND image IS NULL');
    for (const { ip, host } of named) {
      keys.run(ip, ip);
      keys.run(host, ip);
      rename.run(host, ip);
    }
    refreshEdges(db, 'temp.rehost_keys');
    db.exec('DROP TABLE temp.rehost_keys');
  })();
  return named;
}
