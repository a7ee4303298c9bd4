import type Database from 'better-sqlite3';
import { claimedAddresses } from './host-addresses.js';
import { refreshEdges } from './edge-refresh.js';

/**
 * Sensors know machines by address, endpoint logs by name: without this the
 * graph shows 192.168.1.41 and MKT01 as two hosts. A host's own addresses
 * are those `claimedAddresses` finds (host-addresses.ts). Such an address
 * names its host on every flow whose host is the address; the flow's own
 * src_ip keeps the address. Returns the addresses named now.
 */
export function nameFlowHosts(db: Database.Database): { ip: string; host: string }[] {
  const named: { ip: string; host: string }[] = [];
  const hasFlows = db.prepare('SELECT 1 FROM events WHERE host = ? AND image IS NULL LIMIT 1');
  for (const [ip, host] of claimedAddresses(db)) {
    if (host !== ip && hasFlows.get(ip) !== undefined) named.push({ ip, host });
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
