import type Database from 'better-sqlite3';
import { MAX_PORTS, mergePorts } from '../db/port-list.js';

/** Past this many distinct edges the totals are written out, so memory stays bounded on any file (~70 bytes per edge). */
export const EDGE_FLUSH_AT = 250_000;

/**
 * A copy of `s` that shares no memory with the string it was cut from. A
 * string cut from a line (split, slice) may point into its parent, and a key
 * kept in the totals would then keep a whole chunk of the file alive.
 */
function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Interns strings as small integers for one aggregation round. */
class Names {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.names.length;
      const kept = own(s);
      this.names.push(kept);
      this.ids.set(kept, id);
    }
    return id;
  }
}

function grow<T extends Float64Array | Int32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Sums connections per (host, process, destination) while a file is
 * imported; `drain` hands the sums over in key order, as edge_stats rows,
 * and starts again. Partial sums merge by addition (the upsert of
 * EDGE_UPSERT_SET), so draining early changes nothing but memory use. Plain
 * JavaScript: it runs where the file is parsed, the parse worker included.
 *
 * Hot path: hosts, processes and addresses are interned as integers (small
 * maps that stay in cache), an edge is found by integer key per (host,
 * process) pair, and its sums live in typed arrays: no object per edge, so
 * nothing for the garbage collector to trace or promote.
 */
export class EdgeTotals {
  private hosts = new Names();
  private images = new Names();
  private ips = new Names();
  /** (host id, image id) → pair id; then per pair: address id → edge id. */
  private pairs = new Map<number, number>();
  private pairHost: number[] = [];
  private pairImage: number[] = [];
  private pairEdges: Map<number, number>[] = [];
  private edgeIp = new Int32Array(1024);
  private events = new Float64Array(1024);
  private bytesOut = new Float64Array(1024);
  private bytesIn = new Float64Array(1024);
  private first = new Float64Array(1024);
  private last = new Float64Array(1024);
  /** The first port of an edge (-1: none yet); more go to morePorts. */
  private port = new Int32Array(1024);
  private morePorts = new Map<number, number[]>();
  size = 0;

  /** One connection; `image` is '' for none (flows). True when it is time to drain. */
  add(host: string, image: string, dstIp: string, ts: number, bytesOut: number | null, bytesIn: number | null, dstPort: number | null): boolean {
    const h = this.hosts.id(host);
    const i = image === '' ? -1 : this.images.id(image);
    // Ids stay below EDGE_FLUSH_AT < 2^18: a new host, process or address always makes a new edge.
    const pairKey = h * 0x40000 + (i + 1);
    let pair = this.pairs.get(pairKey);
    if (pair === undefined) {
      pair = this.pairEdges.length;
      this.pairs.set(pairKey, pair);
      this.pairHost.push(h);
      this.pairImage.push(i);
      this.pairEdges.push(new Map());
    }
    const ip = this.ips.id(dstIp);
    const edges = this.pairEdges[pair] as Map<number, number>;
    let e = edges.get(ip);
    if (e === undefined) {
      e = this.size++;
      if (e === this.events.length) this.grow();
      edges.set(ip, e);
      this.edgeIp[e] = ip;
      this.events[e] = 0;
      this.bytesOut[e] = 0;
      this.bytesIn[e] = 0;
      this.first[e] = ts;
      this.last[e] = ts;
      this.port[e] = -1;
    }
    this.events[e] = (this.events[e] as number) + 1;
    if (bytesOut !== null) this.bytesOut[e] = (this.bytesOut[e] as number) + bytesOut;
    if (bytesIn !== null) this.bytesIn[e] = (this.bytesIn[e] as number) + bytesIn;
    if (ts < (this.first[e] as number)) this.first[e] = ts;
    if (ts > (this.last[e] as number)) this.last[e] = ts;
    if (dstPort !== null) {
      const p0 = this.port[e] as number;
      if (p0 === -1) this.port[e] = dstPort;
      else if (p0 !== dstPort) {
        const more = this.morePorts.get(e);
        if (more === undefined) this.morePorts.set(e, [dstPort]);
        else if (more.length < MAX_PORTS - 1 && !more.includes(dstPort)) more.push(dstPort);
      }
    }
    return this.size >= EDGE_FLUSH_AT;
  }

  /**
   * Hands every sum to `row` as [host, image, dst_ip, events, bytes_out,
   * bytes_in, first_ts, last_ts, ports] in key order (sequential B-tree
   * inserts are several times faster than random ones), then forgets them.
   * `values` is reused between calls.
   */
  drain(row: (values: readonly unknown[]) => void): void {
    const hosts = this.hosts.names;
    const images = this.images.names;
    const ips = this.ips.names;
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const imageName = (i: number): string => (i === -1 ? '' : (images[i] as string));
    const order = this.pairEdges.map((_, p) => p);
    order.sort((a, b) => cmp(hosts[this.pairHost[a] as number] as string, hosts[this.pairHost[b] as number] as string) || cmp(imageName(this.pairImage[a] as number), imageName(this.pairImage[b] as number)));
    const values: unknown[] = new Array(9);
    for (const p of order) {
      const edges = [...(this.pairEdges[p] as Map<number, number>).values()];
      edges.sort((a, b) => cmp(ips[this.edgeIp[a] as number] as string, ips[this.edgeIp[b] as number] as string));
      values[0] = hosts[this.pairHost[p] as number];
      values[1] = imageName(this.pairImage[p] as number);
      for (const e of edges) {
        values[2] = ips[this.edgeIp[e] as number];
        values[3] = this.events[e];
        values[4] = this.bytesOut[e];
        values[5] = this.bytesIn[e];
        values[6] = this.first[e];
        values[7] = this.last[e];
        const p0 = this.port[e] as number;
        const more = this.morePorts.get(e);
        values[8] = p0 === -1 ? '' : more === undefined ? String(p0) : [p0, ...more].sort((x, y) => x - y).join(',');
        row(values);
      }
    }
    this.hosts = new Names();
    this.images = new Names();
    this.ips = new Names();
    this.pairs = new Map();
    this.pairHost = [];
    this.pairImage = [];
    this.pairEdges = [];
    this.morePorts = new Map();
    this.size = 0;
  }

  private grow(): void {
    const n = this.events.length * 2;
    this.edgeIp = grow(this.edgeIp, n);
    this.events = grow(this.events, n);
    this.bytesOut = grow(this.bytesOut, n);
    this.bytesIn = grow(this.bytesIn, n);
    this.first = grow(this.first, n);
    this.last = grow(this.last, n);
    this.port = grow(this.port, n);
  }
}

/** How a drained sum merges into an edge_stats row that exists already (see EdgeTotals). */
export const EDGE_UPSERT_SET = `ON CONFLICT (host, image, dst_ip) DO UPDATE SET
       events = events + excluded.events,
       bytes_out = bytes_out + excluded.bytes_out,
       bytes_in = bytes_in + excluded.bytes_in,
       first_ts = MIN(first_ts, excluded.first_ts),
       last_ts = MAX(last_ts, excluded.last_ts),
       ports = merge_ports(ports, excluded.ports)`;

/** Registers merge_ports(a, b), which EDGE_UPSERT_SET calls, on a connection. */
export function registerMergePorts(db: Database.Database): void {
  db.function('merge_ports', { deterministic: true }, (a: unknown, b: unknown) => mergePorts(String(a ?? ''), String(b ?? '')));
}
