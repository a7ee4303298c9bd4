import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { GraphView } from '../../src/shared/graph-view-types.js';
import { isInternalClass } from '../../src/core/analysis/enrich/index.js';
import type { AddressClass } from '../../src/core/analysis/enrich/iana-special-ranges.js';
import { EngineHarness, remoteError, withCaseDb } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';
import { viewEdges, type ViewEdgeRow } from '../helpers/view-edges.js';

const h = new EngineHarness();
let engine: Engine;
let caseId: string;

beforeAll(async () => {
  engine = h.engine();
  caseId = (await engine.invoke('createCase', { name: 'Graph case' })).id;
  const { files } = await engine.invoke('importFiles', {
    caseId,
    sources: [fixtures.zeekTsv, fixtures.sysmonWevtutil].map((path) => engine.files.source(path)),
  });
  expect(files.map((f) => f.status)).toEqual(['imported', 'imported']);
});
afterAll(() => h.close());

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
type Agg = { n: number; bytesOut: number; bytesIn: number; first: number; last: number; ports: string | null };
const AGG = `COUNT(*) AS n, TOTAL(bytes_out) AS bytesOut, TOTAL(bytes_in) AS bytesIn, MIN(ts) AS first, MAX(ts) AS last,
             GROUP_CONCAT(DISTINCT dst_port) AS ports`;
/** Every destination drawn on its own (the fixtures have a few dozen). */
const PLAIN = { grouping: { destinations: 'none' }, maxDestinations: 20_000 } as const;

/** A host's own addresses, as the view lists them on its node (graph-view.test.ts checks which they are). */
const ownAddresses = (view: GraphView) => new Map(view.nodes.flatMap((n) => (n.addresses ?? []).map((ip) => [ip, n.id] as const)));

/**
 * The edges the view should have, from plain GROUP BY queries on the case file: a connection to a
 * host's own address ends on that host (one machine, one node), the others on their destination.
 */
function expectedEdges(db: Database.Database, own: Map<string, string>): ViewEdgeRow[] {
  const edge = (source: string, target: string, kind: ViewEdgeRow['kind'], a: Agg): ViewEdgeRow => ({
    id: `${source}->${target}`,
    source,
    target,
    kind,
    events: a.n,
    bytesOut: a.bytesOut,
    bytesIn: a.bytesIn,
    ports: kind === 'runs' || !a.ports ? '' : a.ports.split(',').map(Number).sort((x, y) => x - y).join(','),
    firstSeen: iso(a.first) as string,
    lastSeen: iso(a.last) as string,
  });
  const cases = [...own].map(() => 'WHEN ? THEN ?').join(' ');
  const target = own.size === 0 ? "'ip:' || dst_ip" : `CASE dst_ip ${cases} ELSE 'ip:' || dst_ip END`;
  const params = [...own].flat();
  const runs = db.prepare(`SELECT host, image, ${AGG} FROM events WHERE image IS NOT NULL GROUP BY host, image`).all() as (Agg & { host: string; image: string })[];
  const fromProcess = db.prepare(`SELECT host, image, ${target} AS target, ${AGG} FROM events WHERE image IS NOT NULL GROUP BY host, image, target`).all(...params) as (Agg & { host: string; image: string; target: string })[];
  const fromHost = db.prepare(`SELECT host, ${target} AS target, ${AGG} FROM events WHERE image IS NULL GROUP BY host, target`).all(...params) as (Agg & { host: string; target: string })[];
  return [
    ...runs.map((r) => edge(`host:${r.host}`, `process:${r.host}|${r.image}`, 'runs', r)),
    ...fromProcess.map((r) => edge(`process:${r.host}|${r.image}`, r.target, 'connects', r)),
    ...fromHost.map((r) => edge(`host:${r.host}`, r.target, 'connects', r)),
  ].sort((a, b) => a.id.localeCompare(b.id));
}

describe('getGraphView: a small case drawn whole', () => {
  it('has exactly the host -> process -> destination edges a GROUP BY on the case file gives, every column', async () => {
    const view = await engine.invoke('getGraphView', { caseId, ...PLAIN });
    const own = ownAddresses(view);
    expect(own.size).toBeGreaterThan(0);
    const expected = withCaseDb(engine, caseId, (db) => expectedEdges(db, own));
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.some((e) => e.kind === 'runs') && expected.some((e) => e.source.startsWith('host:') && e.kind === 'connects')).toBe(true);
    expect(viewEdges(view).sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected);
    expect(view.folded).toEqual({ destinations: 0, edges: 0 });
  });

  it('has one node per host, process and destination with its event count', async () => {
    const view = await engine.invoke('getGraphView', { caseId, ...PLAIN });
    const own = ownAddresses(view);
    const counts = withCaseDb(engine, caseId, (db) => ({
      hosts: db.prepare('SELECT host AS k, COUNT(*) AS n FROM events GROUP BY host').all(),
      dsts: db.prepare('SELECT dst_ip AS k, COUNT(*) AS n FROM events GROUP BY dst_ip').all(),
      procs: db.prepare("SELECT host || '|' || image AS k, COUNT(*) AS n FROM events WHERE image IS NOT NULL GROUP BY host, image").all(),
      range: db.prepare('SELECT MIN(ts) AS first, MAX(ts) AS last FROM events').get(),
    })) as { hosts: { k: string; n: number }[]; dsts: { k: string; n: number }[]; procs: { k: string; n: number }[]; range: { first: number; last: number } };
    // A host counts the connections it made and those to its own addresses; those addresses are not destinations.
    const hosts: Record<string, number> = Object.fromEntries(counts.hosts.map((r) => [`host:${r.k}`, r.n]));
    for (const r of counts.dsts) {
      const owner = own.get(r.k);
      if (owner !== undefined) hosts[owner] = (hosts[owner] ?? 0) + r.n;
    }
    const byKind = (kind: string) => Object.fromEntries(view.nodes.filter((n) => n.kind === kind).map((n) => [n.id, n.events]));
    expect(byKind('host')).toEqual(hosts);
    expect(byKind('destination')).toEqual(Object.fromEntries(counts.dsts.filter((r) => !own.has(r.k)).map((r) => [`ip:${r.k}`, r.n])));
    expect(byKind('process')).toEqual(Object.fromEntries(counts.procs.map((r) => [`process:${r.k}`, r.n])));
    expect(byKind('group')).toEqual({});
    expect(view.timeRange).toEqual({ first: iso(counts.range.first), last: iso(counts.range.last) });
    const node = (id: string) => view.nodes.find((n) => n.id === id);
    expect(node('ip:10.0.5.13')).toMatchObject({ kind: 'destination', label: '10.0.5.13', addressClass: 'private' });
    expect(node('ip:23.216.132.18')).toMatchObject({ addressClass: 'public' });
    expect(node('process:DESKTOP-CQF82L6|C:\\Users\\pedro\\Downloads\\payload.exe')).toMatchObject({ label: 'payload.exe', events: 2 });
  });

  it('filters by search text, time, internal destinations and keeps the most active destinations', async () => {
    const all = await engine.invoke('getGraphView', { caseId, ...PLAIN });
    const payload = await engine.invoke('getGraphView', { caseId, search: 'payload' });
    expect(viewEdges(payload).map((e) => e.id).sort()).toEqual([
      'host:DESKTOP-CQF82L6->process:DESKTOP-CQF82L6|C:\\Users\\pedro\\Downloads\\payload.exe',
      'process:DESKTOP-CQF82L6|C:\\Users\\pedro\\Downloads\\payload.exe->ip:10.0.10.104',
    ]);
    const external = await engine.invoke('getGraphView', { caseId, ...PLAIN, includeInternal: false });
    const destinations = (v: GraphView) => v.nodes.filter((n) => n.kind === 'destination');
    expect(destinations(external).length).toBeGreaterThan(0);
    expect(destinations(all).some((n) => isInternalClass(n.addressClass as AddressClass))).toBe(true);
    expect(destinations(external).every((n) => n.addressClass !== undefined && !isInternalClass(n.addressClass as AddressClass))).toBe(true);
    // The busiest destination on its own, every other folded into groups (counted, not dropped).
    const top = await engine.invoke('getGraphView', { caseId, ...PLAIN, maxDestinations: 1 });
    const own = ownAddresses(all);
    const busiest = withCaseDb(engine, caseId, (db) => db.prepare('SELECT dst_ip AS ip FROM events GROUP BY dst_ip ORDER BY COUNT(*) DESC, dst_ip').pluck().all() as string[]).find((ip) => !own.has(ip));
    expect(destinations(top).map((n) => n.id)).toEqual([`ip:${busiest}`]);
    expect(top.folded.destinations).toBe(destinations(all).length - 1);
    expect(all.totals.destinations).toBe(destinations(all).length);
    // The Sysmon export is from 2022, the Zeek log from 2023: a 2023 window keeps only the Zeek hosts.
    const zeekOnly = await engine.invoke('getGraphView', { caseId, from: '2023-01-01T00:00:00Z', to: '2023-12-31T23:59:59Z' });
    const zeekHosts = withCaseDb(engine, caseId, (db) =>
      (db.prepare('SELECT DISTINCT e.host AS host FROM events e JOIN imports i ON i.id = e.import_id WHERE i.format = ? ORDER BY 1').all('zeek-conn-tsv') as { host: string }[]).map((r) => `host:${r.host}`),
    );
    expect(zeekHosts).toContain('host:192.168.1.41');
    expect(zeekOnly.nodes.filter((n) => n.kind === 'host').map((n) => n.id).sort()).toEqual([...zeekHosts].sort());
  });
});

describe('getEntityDetails', () => {
  const count = (where: string, ...params: string[]) =>
    withCaseDb(engine, caseId, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM events WHERE ${where}`).get(...params) as { n: number }).n);

  it('describes a host', async () => {
    const d = await engine.invoke('getEntityDetails', { caseId, nodeId: 'host:DESKTOP-CQF82L6', limit: 10 });
    const total = count('host = ?', 'DESKTOP-CQF82L6');
    expect(d.node).toEqual({ id: 'host:DESKTOP-CQF82L6', kind: 'host', label: 'DESKTOP-CQF82L6', events: total });
    expect(d.connectionTotal).toBe(total);
    expect(d.connections).toHaveLength(10);
    const times = d.connections.map((c) => c.time);
    expect([...times].sort().reverse()).toEqual(times);
    expect(d.facts).toContainEqual({ label: 'Host', value: 'DESKTOP-CQF82L6' });
    expect(d.facts.find((f) => f.label === 'Processes')?.value).toBe(String(withCaseDb(engine, caseId, (db) => (db.prepare("SELECT COUNT(DISTINCT image) AS n FROM events WHERE host = 'DESKTOP-CQF82L6'").get() as { n: number }).n)));
  });

  it('describes a process with what its creation event (EID 1) says', async () => {
    const image = 'C:\\Users\\pedro\\Downloads\\payload.exe';
    const d = await engine.invoke('getEntityDetails', { caseId, nodeId: `process:DESKTOP-CQF82L6|${image}` });
    expect(d.node).toMatchObject({ kind: 'process', label: 'payload.exe', events: 2 });
    const fact = (label: string) => d.facts.find((f) => f.label === label)?.value;
    expect(fact('Image')).toBe(image);
    expect(fact('Parent')).toBe('C:\\Windows\\explorer.exe');
    expect(fact('Integrity')).toBe('High');
    expect(fact('Command line')).toContain('payload.exe');
    expect(fact('Process ids')).toBe('7224');
    expect(d.connections.map((c) => [c.destination, c.destinationPort, c.file, c.format])).toEqual([
      ['10.0.10.104', 8443, fixtures.sysmonWevtutil, 'sysmon-json'],
      ['10.0.10.104', 8443, fixtures.sysmonWevtutil, 'sysmon-json'],
    ]);
    expect(d.firstSeen).toBe('2022-07-01T05:42:56.762Z');
    expect(d.lastSeen).toBe('2022-07-01T05:42:57.096Z');
  });

  it('tells a process\'s lineage: joined by its GUID, who started it, its hashes parsed and what its place says against it', async () => {
    const d = await engine.invoke('getEntityDetails', { caseId, nodeId: 'process:DESKTOP-CQF82L6|C:\\Users\\pedro\\Downloads\\payload.exe' });
    expect(d.lineage).toMatchObject({
      sentence: 'payload.exe was started by explorer.exe at 21:00',
      joinedBy: 'guid',
      process: { processGuid: '{01e2a015-a687-62c4-a707-000000000700}', pid: 7224, started: '2022-07-05T21:00:55.183Z', integrityLevel: 'High' },
      parents: [],
      beyond: 'C:\\Windows\\explorer.exe',
      written: null,
      unreadableHashes: [],
      judgements: [{ kind: 'user-writable-folder', text: 'payload.exe runs from C:\\Users\\pedro\\Downloads, the Downloads folder (writable without administrator rights)' }],
    });
    expect(d.lineage?.hashes.map((h) => h.type)).toEqual(['sha1', 'md5', 'sha256', 'imphash']);
    expect(d.lineage?.hashes.find((h) => h.type === 'sha256')?.value).toBe('ef63e94479ffe3d5abc64f3dc0e5cc3ef7ffaf24d925b8f428ed5d1f959083e0');
    // Hosts and destinations have no lineage.
    expect((await engine.invoke('getEntityDetails', { caseId, nodeId: 'host:DESKTOP-CQF82L6', limit: 1 })).lineage).toBeUndefined();
  });

  it('describes a destination seen by Zeek', async () => {
    const d = await engine.invoke('getEntityDetails', { caseId, nodeId: 'ip:10.0.5.13', limit: 1000 });
    const total = count('dst_ip = ?', '10.0.5.13');
    expect(d.node).toEqual({ id: 'ip:10.0.5.13', kind: 'destination', label: '10.0.5.13', events: total, internal: true });
    expect(d.connections).toHaveLength(total);
    // The address class is said once, in words, in the destination section: not also as a fact.
    expect(d.facts.map((f) => f.label)).toEqual(['Address', 'Ports', 'Hosts', 'Protocols']);
    expect(d.destination).toMatchObject({ addressClass: 'private', addressClassText: expect.stringMatching(/^Private network address: .*RFC 1918, 10\.0\.0\.0\/8\)$/) });
    expect(d.facts).toContainEqual({ label: 'Hosts', value: '192.168.1.41' });
    const c = d.connections.find((x) => x.line === 12);
    expect(c).toMatchObject({ time: '2023-08-16T04:54:03.549Z', host: '192.168.1.41', process: null, source: '192.168.1.41', sourcePort: 55213, destinationPort: 80, bytesOut: 0, bytesIn: 403, format: 'zeek-conn-tsv', file: fixtures.zeekTsv });
  });

  it('answers NOT_FOUND for a node with no events or an id of no known kind', async () => {
    for (const nodeId of ['ip:203.0.113.9', 'host:NOPE', 'process:x', 'banana']) {
      expect((await remoteError(engine.invoke('getEntityDetails', { caseId, nodeId }))).payload).toMatchObject({ code: 'NOT_FOUND', field: 'nodeId' });
    }
  });
});
