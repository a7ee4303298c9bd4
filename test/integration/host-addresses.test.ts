import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createIndexes, dropIndexes } from '../../src/core/db/deferred-indexes.js';
import { caseMigrations, migrate } from '../../src/core/db/index.js';
import { addressesOfHost, hostAddresses } from '../../src/core/graph/host-addresses.js';

// A host's own addresses for its details are read through the claims index (schema 14), host by host;
// they must be what the graph's whole-case rule (hostAddresses, the join's claimedAddresses) gives.

const open: Database.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

function caseDb(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, caseMigrations, 'test case');
  db.prepare(`INSERT INTO imports (id, file_name, sha256, format, bytes, events, imported_at) VALUES (1, 'f', 'x', 'sysmon-json', 0, 0, '')`).run();
  return db;
}

/** `n` connections from `src` logged on `host`: by its endpoint (an image) as outbound, inbound, or by a sensor (no image). */
function connections(db: Database.Database, host: string, src: string, n: number, how: 'outbound' | 'inbound' | 'sensor' = 'outbound'): void {
  const insert = db.prepare(`INSERT INTO events (import_id, line, ts, host, image, src_ip, dst_ip, initiated) VALUES (1, 1, ?, ?, ?, ?, '198.51.100.7', ?)`);
  for (let i = 0; i < n; i++) insert.run(i, host, how === 'sensor' ? null : 'C:\\x.exe', src, how === 'outbound' ? 1 : how === 'inbound' ? 0 : null);
}

/** The whole-case rule, one host's share of it. */
const byWholeCase = (db: Database.Database, host: string, hosts: string[]) => [...hostAddresses(db, hosts)].filter(([, h]) => h === host).map(([ip]) => ip);

describe("a host's own addresses, one host at a time", () => {
  it('are those the whole-case rule gives it, at every edge of the rule', () => {
    const db = caseDb();
    connections(db, 'WS01', '10.0.0.1', 3); // its own: three outbound
    connections(db, 'WS01', '10.0.0.9', 5); // its second address
    connections(db, 'WS01', '127.0.0.1', 9); // loopback: every machine's
    connections(db, 'WS02', '10.0.0.2', 2); // two outbound are not enough
    connections(db, 'WS02', '10.0.0.22', 7, 'inbound'); // inbound says nothing of the source
    connections(db, 'WS03', '10.0.0.3', 4);
    connections(db, 'WS04', '10.0.0.3', 1); // a second claimant, however small: nobody's (NAT, DHCP reuse)
    connections(db, '10.0.0.5', '10.0.0.5', 3, 'sensor'); // a sensor's host named by its address: that address
    connections(db, '10.0.0.9', '10.0.0.9', 3, 'sensor'); // named by an address WS01 claims: WS01's, not its own
    connections(db, 'WS05', 'ff02::1', 4); // multicast: nobody's
    const hosts = (db.prepare('SELECT DISTINCT host FROM events ORDER BY host').pluck().all() as string[]).concat('WS-NONE');

    const expected: Record<string, string[]> = { WS01: ['10.0.0.1', '10.0.0.9'], WS02: [], WS03: [], WS04: [], '10.0.0.5': ['10.0.0.5'], '10.0.0.9': [], WS05: [], 'WS-NONE': [] };
    for (const host of hosts) {
      expect(addressesOfHost(db, host), host).toEqual(expected[host]);
      expect(addressesOfHost(db, host), host).toEqual(byWholeCase(db, host, hosts));
    }
  });

  it('are read through indexes: no statement scans the case', () => {
    const db = caseDb();
    connections(db, 'WS01', '10.0.0.1', 3);
    connections(db, '10.0.0.5', '10.0.0.5', 3, 'sensor');
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare;
    expect(addressesOfHost(db, 'WS01')).toEqual(['10.0.0.1']);
    expect(addressesOfHost(db, '10.0.0.5')).toEqual(['10.0.0.5']);
    expect(statements.length).toBeGreaterThan(0);
    for (const sql of statements) {
      const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x')) as { detail: string }[]).map((r) => r.detail);
      expect(plan.filter((step) => /^SCAN events\b/.test(step)), `${sql}\n${plan.join('\n')}`).toEqual([]);
    }
  });
});

describe('the claims index (schema 14) during a big load', () => {
  it('is dropped and built again with the other events indexes (a Sysmon load writes its rows); events_peer, whose rows a load never writes, stays', () => {
    const db = caseDb();
    const indexes = () => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[]);
    const before = indexes();
    expect(before).toEqual(expect.arrayContaining(['events_src_claims', 'events_peer']));
    const rebuild = dropIndexes(db, 'events');
    expect(indexes()).toEqual(['events_peer']);
    expect(rebuild.some((sql) => sql.includes('events_src_claims'))).toBe(true);
    createIndexes(db, rebuild);
    expect(indexes()).toEqual(before);
  });
});
