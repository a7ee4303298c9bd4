import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { caseMigrations, latestVersion } from '../../src/core/db/index.js';
import { EngineHarness, withCaseDb } from '../helpers/engine.js';
import { fixtures, repoRoot } from '../helpers/fixtures.js';
import { viewEdges } from '../helpers/view-edges.js';

// A case an earlier Sightline wrote with Infinity times, ports of 1e20 and the like
// (test/fixtures/db/out-of-bounds/README.md): every graph of it failed with "Invalid time value".
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'db', 'case-schema-v5-out-of-bounds.sqlite');

const h = new EngineHarness();
afterEach(() => h.close());

function engineWithOldCase(home = h.tmp.make('sightline-home-')) {
  fs.mkdirSync(path.join(home, 'cases'));
  fs.copyFileSync(FIXTURE, path.join(home, 'cases', 'oob.sqlite'));
  return h.engine({ home });
}

describe('a case holding numbers out of bounds from an earlier version', () => {
  it('draws its graph and details: the records out of bounds are set aside in the quarantine, naming field and bound', async () => {
    const engine = engineWithOldCase();
    const graph = await engine.invoke('getGraphView', { caseId: 'oob' });
    const edges = Object.fromEntries(viewEdges(graph).map((e) => [e.id, { events: e.events, bytesOut: e.bytesOut, ports: e.ports, firstSeen: e.firstSeen, lastSeen: e.lastSeen }]));
    expect(edges).toEqual({
      'host:WS1->process:WS1|C:\\Program Files\\App\\app.exe': { events: 2, bytesOut: 100, ports: '', firstSeen: '2023-08-16T04:53:42.300Z', lastSeen: '2023-08-16T04:55:00.600Z' },
      // Both Sysmon events stay: the one joined with the 1e300-byte flow gave the loan back (bytes unknown again).
      'process:WS1|C:\\Program Files\\App\\app.exe->ip:192.0.2.10': { events: 2, bytesOut: 100, ports: '443', firstSeen: '2023-08-16T04:53:42.300Z', lastSeen: '2023-08-16T04:55:00.600Z' },
      'host:WS1->ip:198.51.100.9': { events: 1, bytesOut: 10, ports: '8080', firstSeen: '2023-08-16T04:56:42.000Z', lastSeen: '2023-08-16T04:56:42.000Z' },
    });
    expect(graph.timeRange).toEqual({ first: '2023-08-16T04:53:42.300Z', last: '2023-08-16T04:56:42.000Z' });
    for (const nodeId of ['ip:198.51.100.9', 'ip:192.0.2.10', 'host:WS1', 'process:WS1|C:\\Program Files\\App\\app.exe']) {
      const details = await engine.invoke('getEntityDetails', { caseId: 'oob', nodeId });
      expect(details.connectionTotal, nodeId).toBeGreaterThan(0);
    }

    const { rows, total } = await engine.invoke('listQuarantine', { caseId: 'oob' });
    expect(total).toBe(10);
    const moved = rows.map((r) => ({ file: r.file, line: r.line, field: r.field })).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    expect(moved).toEqual([
      { file: 'conn.json', line: 2, field: 'bytesOut' },
      { file: 'conn.json', line: 3, field: 'ts' },
      { file: 'conn.json', line: 4, field: 'ts' },
      { file: 'conn.json', line: 5, field: 'ts' },
      { file: 'conn.json', line: 6, field: 'dstPort' },
      { file: 'conn.json', line: 7, field: 'pktsOut' },
      { file: 'eve.json', line: 2, field: 'dstPort' },
      { file: 'eve.json', line: 3, field: 'ts' },
      { file: 'sysmon.json', line: 3, field: 'pid' },
      { file: 'sysmon.json', line: 4, field: 'dstPort' },
    ]);
    const infinity = rows.find((r) => r.file === 'conn.json' && r.line === 3);
    expect(infinity?.reason).toBe(
      '"Infinity" is past 2100-01-01T00:00:00Z: Sightline stores times from 1970-01-01 up to 2100-01-01 (stored by an earlier version of Sightline; set aside when the case was opened)',
    );
    expect(JSON.parse(infinity?.raw ?? '')).toMatchObject({ ts: 'Infinity', uid: 'CInfTime', dst_ip: '198.51.100.9' });
    expect(rows.find((r) => r.file === 'conn.json' && r.line === 5)?.reason).toMatch(/^"-5000" is before 1970-01-01T00:00:00Z/);

    const imports = await engine.invoke('listImports', { caseId: 'oob' });
    expect(imports.map((i) => [i.file, i.events, i.dns, i.alerts, i.quarantined])).toEqual([
      ['conn.json', 2, 0, 0, 6],
      ['sysmon.json', 2, 0, 0, 2],
      ['eve.json', 0, 1, 1, 2],
    ]);
    withCaseDb(engine, 'oob', (db) => {
      // The totals the graph reads are those of the events that remain, and no link points at a removed event.
      const recount = db
        .prepare(
          `SELECT host, COALESCE(image, '') AS image, dst_ip, COUNT(*) AS events, TOTAL(bytes_out) AS bytes_out, MIN(ts) AS first_ts, MAX(ts) AS last_ts
           FROM events WHERE NOT (image IS NULL AND peer_id IS NOT NULL) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        )
        .all();
      expect(db.prepare('SELECT host, image, dst_ip, events, bytes_out, first_ts, last_ts FROM edge_stats ORDER BY 1, 2, 3').all()).toEqual(recount);
      expect(db.prepare('SELECT COUNT(*) AS n FROM events e LEFT JOIN events p ON p.id = e.peer_id WHERE e.peer_id IS NOT NULL AND p.id IS NULL').get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT uid, peer_id IS NOT NULL AS joined FROM events WHERE image IS NULL ORDER BY id").all()).toEqual([
        { uid: 'CGood1', joined: 1 },
        { uid: 'CGood2', joined: 0 },
      ]);
    });
  });

  it('is a case like any other afterwards: the latest schema, and new files import and join into it', async () => {
    const engine = engineWithOldCase();
    const { files, join } = await engine.invoke('importFiles', { caseId: 'oob', sources: [engine.files.source(fixtures.zeekJson), engine.files.source(fixtures.sysmonWevtutil)] });
    expect(files.map((f) => f.status)).toEqual(['imported', 'imported']);
    expect(join.clockSkews).toEqual([]);
    expect((await engine.invoke('getGraphView', { caseId: 'oob' })).edges.source.length).toBeGreaterThan(3);
    expect((await engine.invoke('listQuarantine', { caseId: 'oob' })).total).toBe(10);
    withCaseDb(engine, 'oob', (db) => expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(caseMigrations)));
  });
});
