import type Database from 'better-sqlite3';
import { MAX_PORTS, mergePorts } from '../db/port-list.js';
import type { ConnectionEvent } from './records.js';

interface Totals {
  host: string;
  image: string;
  dstIp: string;
  events: number;
  bytesOut: number;
  bytesIn: number;
  first: number;
  last: number;
  /** Distinct ports, unsorted; rarely more than a handful, so an array beats a Set. */
  ports: number[];
}

/** Past this many distinct edges the totals are written out, so memory stays bounded on any file. */
const FLUSH_AT = 100_000;

/**
 * Sums connections per (host, process, destination) while a file is
 * imported and adds the sums to `edge_stats` in the same transaction. Partial
 * sums merge by addition, so flushing early changes nothing but memory use.
 * Rows are written in key order: sequential B-tree inserts are several times
 * faster than random ones.
 */
export class EdgeAggregator {
  // host → image → destination: nested maps avoid building a key string per event.
  private readonly totals = new Map<string, Map<string, Map<string, Totals>>>();
  private size = 0;
  private readonly upsert: Database.Statement;

  constructor(db: Database.Database) {
    db.function('merge_ports', { deterministic: true }, (a: unknown, b: unknown) => mergePorts(String(a ?? ''), String(b ?? '')));
    this.upsert = db.prepare(
      `INSERT INTO edge_stats (host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (host, image, dst_ip) DO UPDATE SET
         events = events + excluded.events,
         bytes_out = bytes_out + excluded.bytes_out,
         bytes_in = bytes_in + excluded.bytes_in,
         first_ts = MIN(first_ts, excluded.first_ts),
         last_ts = MAX(last_ts, excluded.last_ts),
         ports = merge_ports(ports, excluded.ports)`,
    );
  }

  add(e: ConnectionEvent): void {
    const image = e.image ?? '';
    let byImage = this.totals.get(e.host);
    if (!byImage) this.totals.set(e.host, (byImage = new Map()));
    let byIp = byImage.get(image);
    if (!byIp) byImage.set(image, (byIp = new Map()));
    let t = byIp.get(e.dstIp);
    if (!t) {
      t = { host: e.host, image, dstIp: e.dstIp, events: 0, bytesOut: 0, bytesIn: 0, first: e.ts, last: e.ts, ports: [] };
      byIp.set(e.dstIp, t);
      this.size++;
    }
    t.events++;
    t.bytesOut += e.bytesOut ?? 0;
    t.bytesIn += e.bytesIn ?? 0;
    if (e.ts < t.first) t.first = e.ts;
    if (e.ts > t.last) t.last = e.ts;
    if (e.dstPort !== null && t.ports.length < MAX_PORTS && !t.ports.includes(e.dstPort)) t.ports.push(e.dstPort);
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    for (const host of [...this.totals.keys()].sort()) {
      const byImage = this.totals.get(host) as Map<string, Map<string, Totals>>;
      for (const image of [...byImage.keys()].sort()) {
        const byIp = byImage.get(image) as Map<string, Totals>;
        for (const ip of [...byIp.keys()].sort()) {
          const t = byIp.get(ip) as Totals;
          this.upsert.run(t.host, t.image, t.dstIp, t.events, t.bytesOut, t.bytesIn, t.first, t.last, t.ports.sort((a, b) => a - b).join(','));
        }
      }
    }
    this.totals.clear();
    this.size = 0;
  }
}
