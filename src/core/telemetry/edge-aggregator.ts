import type Database from 'better-sqlite3';
import { MAX_PORTS, mergePorts } from '../db/port-list.js';
import { ownString } from './own-string.js';

/**
 * Past this many distinct edges the totals are written out, so memory stays
 * bounded on any file (~100 bytes per edge). Each write-out after the first
 * merges into rows already written, which costs about twice a first write:
 * high enough that a million-row import writes once (1M synthetic Zeek rows:
 * 364k edges).
 */
export const EDGE_FLUSH_AT = 500_000;

/** Interns strings as small integers for one aggregation round. */
class Names {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.names.length;
      const kept = ownString(s);
      this.names.push(kept);
      this.ids.set(kept, id);
    }
    return id;
  }
}

// An edge's sums: one cache line per edge (edges are hit in random order).
const STRIDE = 8;
const EVENTS = 0;
const BYTES_OUT = 1;
const BYTES_IN = 2;
const FIRST = 3;
const LAST = 4;
/** The first two ports seen (-1: none yet); more go to morePorts. */
const PORT = 5;
const PORT2 = 6;
/** pair id * 2^ID_BITS + address id: which edge this is. */
const KEY = 7;
/** Ids (pairs, addresses) stay below EDGE_FLUSH_AT < 2^19: a new host, process or address always makes a new edge. */
const ID_BITS = 19;
/** Open-addressing table of edge ids: at most half full. */
const TABLE_BITS = 20;

/** Above any edge id (ids stay below EDGE_FLUSH_AT < 2^19): edge ids ride in the low part of sort keys. */
const EDGE_SPAN = 1 << 20;

/** rank[id]: the place of names[id] among the names sorted (the names are distinct). */
function ranks(names: readonly string[]): Int32Array {
  const ids = Array.from({ length: names.length }, (_, i) => i);
  ids.sort((a, b) => ((names[a] as string) < (names[b] as string) ? -1 : 1));
  const rank = new Int32Array(names.length);
  for (let r = 0; r < ids.length; r++) rank[ids[r] as number] = r;
  return rank;
}

/**
 * Sums connections per (host, process, destination) while a file is
 * imported; `drain` hands the sums over as edge_stats rows and starts
 * again. Partial sums merge by addition (the upsert of EDGE_UPSERT_SET), so
 * draining early changes nothing but memory use. ImportWriter runs it.
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
  private pairCount = 0;
  /**
   * Room for every edge of a round at once: growing by doubling copied the
   * sums and touched fresh memory at each step (~60 ms per million rows).
   * Fresh zeroed memory is mapped lazily, so the pages a small import never
   * reaches cost nothing.
   */
  private readonly sums: Float64Array;
  /** Edge id + 1 per slot (0: empty), by hash of KEY, linear probing. */
  private table = new Int32Array(1 << TABLE_BITS);
  private morePorts = new Map<number, number[]>();
  /** Per coded value number (see addCoded): its host or address id in this round. */
  private hostByCode: Int32Array = new Int32Array(0);
  private ipByCode: Int32Array = new Int32Array(0);
  size = 0;

  /** `flushAt`: when add() asks for a drain; at most EDGE_FLUSH_AT (ids must fit ID_BITS). Tests use small values. */
  constructor(private readonly flushAt = EDGE_FLUSH_AT) {
    if (!(flushAt >= 1 && flushAt <= EDGE_FLUSH_AT)) throw new RangeError(`flushAt must be 1..${EDGE_FLUSH_AT}`);
    this.sums = new Float64Array(flushAt * STRIDE);
  }

  /** One connection; `image` is '' for none (flows). True when it is time to drain. */
  add(host: string, image: string, dstIp: string, ts: number, bytesOut: number | null, bytesIn: number | null, dstPort: number | null): boolean {
    return this.addIds(this.hosts.id(host), image === '' ? -1 : this.images.id(image), this.ips.id(dstIp), ts, bytesOut, bytesIn, dstPort);
  }

  /**
   * add() for a row from a packed batch, whose host and address may come
   * with their numbers in the file (codeOf in packed-batch.ts; -1: none): a
   * number seen before this round is an array lookup, not a string lookup.
   */
  addCoded(
    hostCode: number,
    host: string,
    image: string,
    ipCode: number,
    dstIp: string,
    ts: number,
    bytesOut: number | null,
    bytesIn: number | null,
    dstPort: number | null,
  ): boolean {
    if (hostCode >= this.hostByCode.length) this.hostByCode = widened(this.hostByCode, hostCode);
    if (ipCode >= this.ipByCode.length) this.ipByCode = widened(this.ipByCode, ipCode);
    let h = hostCode < 0 ? -1 : (this.hostByCode[hostCode] as number);
    if (h === -1) {
      h = this.hosts.id(host);
      if (hostCode >= 0) this.hostByCode[hostCode] = h;
    }
    let ip = ipCode < 0 ? -1 : (this.ipByCode[ipCode] as number);
    if (ip === -1) {
      ip = this.ips.id(dstIp);
      if (ipCode >= 0) this.ipByCode[ipCode] = ip;
    }
    return this.addIds(h, image === '' ? -1 : this.images.id(image), ip, ts, bytesOut, bytesIn, dstPort);
  }

  /** The file's numbering of coded values starts again (PackedNames.reset): the numbers known so far mean nothing now. */
  forgetCodes(): void {
    this.hostByCode.fill(-1);
    this.ipByCode.fill(-1);
  }

  private addIds(h: number, i: number, ip: number, ts: number, bytesOut: number | null, bytesIn: number | null, dstPort: number | null): boolean {
    // Ids stay below EDGE_FLUSH_AT < 2^ID_BITS: a new host, process or address always makes a new edge.
    const pairKey = h * (1 << ID_BITS) + (i + 1);
    let pair = this.pairs.get(pairKey);
    if (pair === undefined) {
      pair = this.pairCount++;
      this.pairs.set(pairKey, pair);
      this.pairHost.push(h);
      this.pairImage.push(i);
    }
    const key = pair * (1 << ID_BITS) + ip;
    const mask = (1 << TABLE_BITS) - 1;
    let slot = (Math.imul(pair, 0x9e3779b1) ^ Math.imul(ip, 0x85ebca77)) >>> (32 - TABLE_BITS);
    const sums = this.sums;
    let o = -1;
    for (;;) {
      const id = this.table[slot] as number;
      if (id === 0) {
        const e = this.size++;
        this.table[slot] = e + 1;
        this.newEdge(e, key, ts);
        o = e * STRIDE;
        break;
      }
      if (sums[(id - 1) * STRIDE + KEY] === key) {
        o = (id - 1) * STRIDE;
        break;
      }
      slot = (slot + 1) & mask;
    }
    sums[o + EVENTS] = (sums[o + EVENTS] as number) + 1;
    if (bytesOut !== null) sums[o + BYTES_OUT] = (sums[o + BYTES_OUT] as number) + bytesOut;
    if (bytesIn !== null) sums[o + BYTES_IN] = (sums[o + BYTES_IN] as number) + bytesIn;
    if (ts < (sums[o + FIRST] as number)) sums[o + FIRST] = ts;
    if (ts > (sums[o + LAST] as number)) sums[o + LAST] = ts;
    if (dstPort !== null) {
      const p0 = sums[o + PORT] as number;
      if (p0 === -1) sums[o + PORT] = dstPort;
      else if (p0 !== dstPort) {
        const p1 = sums[o + PORT2] as number;
        if (p1 === -1) sums[o + PORT2] = dstPort;
        else if (p1 !== dstPort) {
          const e = o / STRIDE;
          const more = this.morePorts.get(e);
          if (more === undefined) this.morePorts.set(e, [dstPort]);
          else if (more.length < MAX_PORTS - 2 && !more.includes(dstPort)) more.push(dstPort);
        }
      }
    }
    return this.size >= this.flushAt;
  }

  /**
   * Hands every sum to `row` as [host, image, dst_ip, events, bytes_out,
   * bytes_in, first_ts, last_ts, ports], in key order (host, image, dst_ip),
   * then forgets them. `values` is reused between calls.
   *
   * Key order because edge_stats is a B-tree on that key: rows that arrive in
   * order append, in random order each lands on a random page. The order is
   * worked out on integers: each name gets its rank among the distinct names
   * of its kind (strings compared only while sorting those), the edges are sorted
   * by address rank (a typed-array sort), then distributed by (host, image)
   * rank, which keeps them sorted by address within each pair. JavaScript
   * compares UTF-16 code units and SQLite UTF-8 bytes: the two orders differ
   * only between characters past U+FFFF and U+E000-U+FFFF, which costs a few
   * rows out of place, never a wrong total.
   */
  drain(row: (values: readonly unknown[]) => void): void {
    const hosts = this.hosts.names;
    const images = this.images.names;
    const ips = this.ips.names;
    const sums = this.sums;
    const hostRank = ranks(hosts);
    const imageRank = ranks(images);
    const ipRank = ranks(ips);
    // Pairs by (host rank, image rank); no image ('') sorts first.
    const pairs = Array.from({ length: this.pairCount }, (_, p) => p);
    const pairHost = this.pairHost;
    const pairImage = this.pairImage;
    const imageOrder = (p: number): number => (pairImage[p] === -1 ? -1 : (imageRank[pairImage[p] as number] as number));
    pairs.sort((a, b) => (hostRank[pairHost[a] as number] as number) - (hostRank[pairHost[b] as number] as number) || imageOrder(a) - imageOrder(b));
    const pairRank = new Int32Array(this.pairCount);
    for (let r = 0; r < pairs.length; r++) pairRank[pairs[r] as number] = r;
    // Edges by address rank (rank * 2^20 + edge: both below 2^20), then a stable distribution by pair rank.
    const byIp = new Float64Array(this.size);
    for (let e = 0; e < this.size; e++) byIp[e] = (ipRank[(sums[e * STRIDE + KEY] as number) % (1 << ID_BITS)] as number) * EDGE_SPAN + e;
    byIp.sort();
    const start = new Int32Array(this.pairCount + 1);
    const pairOf = (e: number): number => pairRank[Math.floor((sums[e * STRIDE + KEY] as number) / (1 << ID_BITS))] as number;
    for (let e = 0; e < this.size; e++) start[pairOf(e) + 1] = (start[pairOf(e) + 1] as number) + 1;
    for (let r = 0; r < this.pairCount; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
    const order = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const e = (byIp[i] as number) % EDGE_SPAN;
      const r = pairOf(e);
      order[start[r] as number] = e;
      start[r] = (start[r] as number) + 1;
    }
    const values: unknown[] = new Array(9);
    for (let i = 0; i < this.size; i++) {
      const e = order[i] as number;
      const o = e * STRIDE;
      const key = sums[o + KEY] as number;
      const pair = Math.floor(key / (1 << ID_BITS));
      const image = pairImage[pair] as number;
      values[0] = hosts[pairHost[pair] as number];
      values[1] = image === -1 ? '' : images[image];
      values[2] = ips[key % (1 << ID_BITS)];
      values[3] = sums[o + EVENTS];
      values[4] = sums[o + BYTES_OUT];
      values[5] = sums[o + BYTES_IN];
      values[6] = sums[o + FIRST];
      values[7] = sums[o + LAST];
      const p0 = sums[o + PORT] as number;
      const p1 = sums[o + PORT2] as number;
      values[8] = p0 === -1 ? '' : p1 === -1 ? String(p0) : [p0, p1, ...(this.morePorts.get(e) ?? [])].sort((x, y) => x - y).join(',');
      row(values);
    }
    this.hosts = new Names();
    this.images = new Names();
    this.ips = new Names();
    this.pairs = new Map();
    this.pairHost = [];
    this.pairImage = [];
    this.pairCount = 0;
    this.morePorts = new Map();
    this.table.fill(0);
    this.size = 0;
    this.forgetCodes();
  }

  private newEdge(e: number, key: number, ts: number): void {
    const sums = this.sums;
    const o = e * STRIDE;
    sums[o + EVENTS] = 0;
    sums[o + BYTES_OUT] = 0;
    sums[o + BYTES_IN] = 0;
    sums[o + FIRST] = ts;
    sums[o + LAST] = ts;
    sums[o + PORT] = -1;
    sums[o + PORT2] = -1;
    sums[o + KEY] = key;
  }
}

/** `a` with room for index `i`, the new places -1 (unknown). */
function widened(a: Int32Array, i: number): Int32Array {
  const out = new Int32Array(Math.max(1024, a.length * 2, i + 1)).fill(-1);
  out.set(a);
  return out;
}

/**
 * How a drained sum merges into an edge_stats row that exists already (see
 * EdgeTotals). Equal port lists, the common case, skip merge_ports: a call
 * back into JavaScript per row.
 */
export const EDGE_UPSERT_SET = `ON CONFLICT (host, image, dst_ip) DO UPDATE SET
       events = events + excluded.events,
       bytes_out = bytes_out + excluded.bytes_out,
       bytes_in = bytes_in + excluded.bytes_in,
       first_ts = MIN(first_ts, excluded.first_ts),
       last_ts = MAX(last_ts, excluded.last_ts),
       ports = CASE WHEN ports = excluded.ports THEN ports ELSE merge_ports(ports, excluded.ports) END`;

/** Registers merge_ports(a, b), which EDGE_UPSERT_SET calls, on a connection. */
export function registerMergePorts(db: Database.Database): void {
  db.function('merge_ports', { deterministic: true }, (a: unknown, b: unknown) => mergePorts(String(a ?? ''), String(b ?? '')));
}
