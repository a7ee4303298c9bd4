import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFilter, type EventFilterInput } from '../../src/core/graph/event-filter.js';
import { withViewUnits } from '../../src/core/graph/view-units.js';
import { COUNTED_IN_GRAPH } from '../../src/core/telemetry/edge-refresh.js';
import { caseFile, EngineHarness } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';

const h = new EngineHarness();
let db: Database.Database;
afterAll(() => {
  db.close();
  h.close();
});
beforeAll(async () => {
  const engine = h.engine();
  const caseId = (await engine.invoke('createCase', { name: 'Units' })).id;
  await engine.invoke('importFiles', { caseId, sources: [fixtures.sysmonWevtutil, fixtures.sysmonBitsadmin, fixtures.zeekTsv, fixtures.zeekJson].map((f) => engine.files.source(f)) });
  db = new Database(caseFile(engine, caseId));
  // The fixtures' logs name no destination ('-'): name every third connection, so some units are matched only in part.
  db.prepare("UPDATE events SET dst_host = 'dl.files-cdn.example' WHERE id % 3 = 0").run();
});

type Unit = [string, string, string, number, number, number, number, number, string];

/** Units as the view reads them, ports as a sorted set (their order within a list is free). */
function rows(table: string): Unit[] {
  return (db.prepare(`SELECT host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports FROM ${table}`).raw().all() as Unit[])
    .map((r) => [...r.slice(0, 8), [...new Set(String(r[8] ?? '').split(','))].sort().join(',')] as Unit)
    .sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
}

/** The reference: every connection read and matched one by one (the way any filter is taken). */
function overEvents(q: EventFilterInput): Unit[] {
  const { where, params } = eventFilter(q);
  db.exec('DROP TABLE IF EXISTS temp.reference');
  db.prepare(
    `CREATE TEMP TABLE reference AS SELECT host, COALESCE(image, '') AS image, dst_ip, COUNT(*) AS events, TOTAL(bytes_out) AS bytes_out, TOTAL(bytes_in) AS bytes_in,
       MIN(ts) AS first_ts, MAX(ts) AS last_ts, GROUP_CONCAT(DISTINCT dst_port) AS ports FROM events ${where} AND ${COUNTED_IN_GRAPH} GROUP BY host, image, dst_ip`,
  ).run(...params);
  return rows('temp.reference');
}

describe('the units of a filtered view', () => {
  it('taken from the per-unit totals when the filter holds for whole units are those of the matched connections', () => {
    const named = 'dl.files-cdn.example';
    const dns = db.prepare('SELECT query FROM dns_answers LIMIT 1').pluck().get() as string | undefined;
    const host = db.prepare('SELECT host FROM edge_stats LIMIT 1').pluck().get() as string;
    const queries: EventFilterInput[] = [
      { search: 'svchost' },
      { search: named.slice(1, -1) },
      { search: '10.' },
      { search: '192.168' },
      { search: '%' },
      { search: 'no such thing' },
      { hosts: [host] },
      { processes: ['powershell.exe'] },
      { processes: ['C:\\Windows\\System32\\svchost.exe', 'bitsadmin.exe'] },
      { search: named.slice(0, 4), hosts: [host] },
      ...(dns ? [{ search: dns.slice(0, 6) }] : []),
    ];
    let nonEmpty = 0;
    for (const q of queries) {
      const expected = overEvents(q);
      if (expected.length > 0) nonEmpty++;
      expect(withViewUnits(db, q, (t) => rows(t)), JSON.stringify(q)).toEqual(expected);
    }
    expect(nonEmpty).toBeGreaterThan(5);
  });

  it('taken from the events when the filter is about single connections (time, port, protocol)', () => {
    const first = db.prepare('SELECT MIN(ts) FROM events').pluck().get() as number;
    for (const q of [{ ports: [443] }, { protocols: ['UDP'] }, { from: new Date(first + 60_000).toISOString(), search: 'svchost' }] as EventFilterInput[]) {
      expect(withViewUnits(db, q, (t) => rows(t)), JSON.stringify(q)).toEqual(overEvents(q));
    }
  });
});
