import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { caseMigrations, openDatabase } from '../../src/core/db/index.js';
import { EDGE_FLUSH_AT, EDGE_UPSERT_SET, EdgeTotals, registerMergePorts } from '../../src/core/telemetry/edge-aggregator.js';
import { EVENTS } from '../../src/core/telemetry/import-rows.js';
import { ImportWriter } from '../../src/core/telemetry/import-writer.js';
import { BatchBuilder, MAX_CODED_VALUES } from '../../src/core/telemetry/packed-batch.js';
import { mulberry32, pick, randInt } from '../helpers/prng.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/*
 * EdgeTotals writes its sums out whenever it holds flushAt edges, and every
 * write-out after the first merges into edge_stats rows already there. On a
 * real case file, however often it drains, edge_stats must hold exactly the
 * totals counted straight from the connections.
 */
const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

interface Conn {
  host: string;
  image: string;
  dstIp: string;
  ts: number;
  bytesOut: number | null;
  bytesIn: number | null;
  port: number | null;
}

function connections(seed: number, n: number): Conn[] {
  const rand = mulberry32(seed);
  const hosts = ['WS01', 'WS02', 'SRV-DB', '10.0.0.7', 'MKT01'];
  const images = ['', 'C:\\Windows\\System32\\svchost.exe', 'C:\\Program Files\\App\\app.exe', '/usr/bin/curl'];
  return Array.from({ length: n }, () => ({
    host: pick(rand, hosts),
    image: pick(rand, images),
    dstIp: `198.18.${randInt(rand, 0, 3)}.${randInt(rand, 0, 99)}`,
    ts: 1_700_000_000_000 + randInt(rand, 0, 86_400_000),
    bytesOut: rand() < 0.2 ? null : randInt(rand, 0, 100_000),
    bytesIn: rand() < 0.2 ? null : randInt(rand, 0, 100_000),
    port: rand() < 0.1 ? null : pick(rand, [53, 80, 443, 8080, 8443, 22, 3389, 445]),
  }));
}

/** The edge_stats rows the connections should give, counted the plain way. */
function expected(conns: readonly Conn[]): Map<string, { events: number; bytesOut: number; bytesIn: number; first: number; last: number; ports: string }> {
  const out = new Map<string, { events: number; bytesOut: number; bytesIn: number; first: number; last: number; ports: Set<number> }>();
  for (const c of conns) {
    const key = `${c.host}|${c.image}|${c.dstIp}`;
    let e = out.get(key);
    if (!e) out.set(key, (e = { events: 0, bytesOut: 0, bytesIn: 0, first: c.ts, last: c.ts, ports: new Set() }));
    e.events++;
    e.bytesOut += c.bytesOut ?? 0;
    e.bytesIn += c.bytesIn ?? 0;
    e.first = Math.min(e.first, c.ts);
    e.last = Math.max(e.last, c.ts);
    if (c.port !== null) e.ports.add(c.port);
  }
  return new Map(
    [...out].map(([k, e]) => [k, { events: e.events, bytesOut: e.bytesOut, bytesIn: e.bytesIn, first: e.first, last: e.last, ports: [...e.ports].sort((a, b) => a - b).join(',') }]),
  );
}

/** The case's edge_stats, keyed like expected(). */
function edgeStats(db: Database.Database): ReturnType<typeof expected> {
  const rows = db.prepare('SELECT host, image, dst_ip AS dstIp, events, bytes_out AS bytesOut, bytes_in AS bytesIn, first_ts AS first, last_ts AS last, ports FROM edge_stats').all() as {
    host: string;
    image: string;
    dstIp: string;
    events: number;
    bytesOut: number;
    bytesIn: number;
    first: number;
    last: number;
    ports: string;
  }[];
  return new Map(rows.map(({ host, image, dstIp, ...sums }) => [`${host}|${image}|${dstIp}`, sums]));
}

function stored(conns: readonly Conn[], flushAt: number): { rows: ReturnType<typeof expected>; drains: number } {
  const db = openDatabase(path.join(tmp.make('sightline-edges-'), 'case.sqlite'), caseMigrations, 'edge totals test');
  try {
    registerMergePorts(db);
    const upsert = db.prepare(`INSERT INTO edge_stats (host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ${EDGE_UPSERT_SET}`);
    const totals = new EdgeTotals(flushAt);
    let drains = 0;
    const drain = (): void => {
      drains++;
      totals.drain((values) => upsert.run(...values));
    };
    for (const c of conns) {
      if (totals.add(c.host, c.image, c.dstIp, c.ts, c.bytesOut, c.bytesIn, c.port)) drain();
    }
    drain();
    return { rows: edgeStats(db), drains };
  } finally {
    db.close();
  }
}

describe('EdgeTotals: draining early changes nothing but memory', () => {
  const conns = connections(42, 6_000);
  const want = expected(conns);

  it.each([3, 50, 999, EDGE_FLUSH_AT])('flushAt %i', (flushAt) => {
    const { rows, drains } = stored(conns, flushAt);
    expect(rows).toEqual(want);
    // The small thresholds really do drain many times (else the test would prove nothing).
    if (flushAt < want.size) expect(drains).toBeGreaterThan(want.size / flushAt);
    else expect(drains).toBe(1);
  });

  it('hands the sums over in key order (host, image, address), the order edge_stats is stored in', () => {
    const totals = new EdgeTotals();
    // Names added out of order; '' (no process) sorts before any image.
    for (const c of connections(44, 3_000)) totals.add(c.host, c.image, c.dstIp, c.ts, c.bytesOut, c.bytesIn, c.port);
    const keys: string[][] = [];
    totals.drain((values) => keys.push([values[0], values[1], values[2]] as string[]));
    const sorted = [...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : 0));
    expect(keys.length).toBeGreaterThan(100);
    expect(keys).toEqual(sorted);
    expect(totals.size).toBe(0);
  });

  it('refuses a threshold its ids cannot hold', () => {
    expect(() => new EdgeTotals(EDGE_FLUSH_AT + 1)).toThrow(RangeError);
    expect(() => new EdgeTotals(0)).toThrow(RangeError);
  });
});

describe('ImportWriter: edge sums of one import or several, written out once or many times', () => {
  const conns = connections(43, 6_000);

  /** Imports `parts` of the connections one after another (each its own import) into a new case. */
  function importParts(parts: readonly (readonly Conn[])[], flushAt: number): ReturnType<typeof expected> {
    const db = openDatabase(path.join(tmp.make('sightline-writer-'), 'case.sqlite'), caseMigrations, 'writer test');
    try {
      for (const [i, part] of parts.entries()) {
        const importId = Number(
          db.prepare(`INSERT INTO imports (file_name, sha256, format, bytes, events, processes, imported_at) VALUES (?, ?, 'zeek-conn-tsv', 0, 0, 0, '')`).run(`part${i}`, `h${i}`).lastInsertRowid,
        );
        const writer = new ImportWriter(db, importId, flushAt);
        for (const [line, c] of part.entries()) {
          writer.row(EVENTS, [line + 1, c.ts, c.host, null, c.image || null, null, null, 'tcp', '10.9.9.9', 50000, c.dstIp, c.port, null, null, c.bytesOut, c.bytesIn, null, null, null, null]);
        }
        writer.finish();
      }
      return edgeStats(db);
    } finally {
      db.close();
    }
  }

  it.each([
    [3, 7],
    [50, 40],
    [MAX_CODED_VALUES, EDGE_FLUSH_AT],
  ])('packed batches whose host and address numbering starts again after %i values, edges written out at %i', (maxCoded, flushAt) => {
    const db = openDatabase(path.join(tmp.make('sightline-coded-'), 'case.sqlite'), caseMigrations, 'coded batches test');
    try {
      const importId = Number(db.prepare(`INSERT INTO imports (file_name, sha256, format, bytes, events, processes, imported_at) VALUES ('f', 'h', 'zeek-conn-tsv', 0, 0, 0, '')`).run().lastInsertRowid);
      const writer = new ImportWriter(db, importId, flushAt);
      const builder = new BatchBuilder(64, maxCoded);
      const sent: unknown[][] = [];
      for (const [line, c] of conns.entries()) {
        const values = [line + 1, c.ts, c.host, null, c.image || null, null, null, 'tcp', c.host, 50000, c.dstIp, c.port, null, null, c.bytesOut, c.bytesIn, null, null, null, null];
        sent.push(values);
        builder.row(EVENTS, values);
        if (builder.rows === 64 || line === conns.length - 1) writer.batch(builder.seal().batch);
      }
      writer.finish();
      expect(edgeStats(db)).toEqual(expected(conns));
      // The coded columns (host, src_ip, dst_ip) come back as sent.
      expect(db.prepare('SELECT line, ts, host, user, image, pid, process_guid, proto, src_ip, src_port, dst_ip, dst_port FROM events ORDER BY id').raw().all()).toEqual(
        sent.map((v) => v.slice(0, 12)),
      );
    } finally {
      db.close();
    }
  });

  it.each([7, 500, EDGE_FLUSH_AT])('flushAt %i: the first write-out into an empty case inserts, later ones merge', (flushAt) => {
    const want = expected(conns);
    expect(importParts([conns], flushAt)).toEqual(want);
    expect(importParts([conns.slice(0, 2_500), conns.slice(2_500)], flushAt)).toEqual(want);
  });
});
