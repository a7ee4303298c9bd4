import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { GraphView } from '../../src/shared/graph-view-types.js';
import { EngineHarness, withCaseDb } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';
import { viewEdges } from '../helpers/view-edges.js';

const h = new EngineHarness();
let engine: Engine;
let caseId: string;

beforeAll(async () => {
  engine = h.engine();
  caseId = (await engine.invoke('createCase', { name: 'Graph view case' })).id;
  const { files } = await engine.invoke('importFiles', {
    caseId,
    sources: [fixtures.zeekTsv, fixtures.sysmonWevtutil].map((path) => engine.files.source(path)),
  });
  expect(files.map((f) => f.status)).toEqual(['imported', 'imported']);
});
afterAll(() => h.close());

const q = (db: Database.Database, sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Record<string, unknown>[];
const ids = (v: GraphView, kind?: string) => v.nodes.filter((n) => !kind || n.kind === kind).map((n) => n.id);
/** `connects` edges by id (`<source id>-><target id>`) with their event counts. */
const edgeEvents = (v: GraphView) => Object.fromEntries(viewEdges(v).flatMap((e) => (e.kind === 'connects' ? [[e.id, e.events]] : [])));
const connectsTotal = (v: GraphView) => v.edges.events.reduce((sum, n, i) => sum + (v.edges.kind[i] === 1 ? n : 0), 0);

describe('getGraphView', () => {
  it('draws every connection once: host -> process -> destination, and a connection to a host\'s own address ends on the host', async () => {
    const view = await engine.invoke('getGraphView', { caseId, grouping: { destinations: 'none' }, maxDestinations: 20_000 });
    const expected = withCaseDb(engine, caseId, (db) => {
      // Zeek hosts are named by their address: that address is the host, not a destination. So is an address
      // one endpoint host alone opened at least 3 connections from.
      const owner = new Map(q(db, 'SELECT DISTINCT host FROM events').map((r) => [r.host as string, r.host as string]));
      const claims = q(db, 'SELECT src_ip AS ip, MIN(host) AS host, COUNT(DISTINCT host) AS hosts, COUNT(*) AS n FROM events WHERE image IS NOT NULL AND initiated = 1 GROUP BY src_ip');
      for (const c of claims) if (c.hosts === 1 && (c.n as number) >= 3) owner.set(c.ip as string, c.host as string);
      const target = (ip: string) => (owner.has(ip) ? `host:${owner.get(ip)!}` : `ip:${ip}`);
      const out: Record<string, number> = {};
      for (const r of q(db, 'SELECT host, image, dst_ip AS ip, COUNT(*) AS n FROM events GROUP BY 1, 2, 3')) {
        const source = r.image === null ? `host:${r.host as string}` : `process:${r.host as string}|${r.image as string}`;
        const key = `${source}->${target(r.ip as string)}`;
        out[key] = (out[key] ?? 0) + (r.n as number);
      }
      return { edges: out, events: (q(db, 'SELECT COUNT(*) AS n FROM events')[0] as { n: number }).n };
    });
    expect(edgeEvents(view)).toEqual(expected.edges);
    expect(view.totals.events).toBe(expected.events);
    expect(connectsTotal(view)).toBe(expected.events);
    expect(view.folded).toEqual({ destinations: 0, edges: 0 });
    // One machine, one node: the Zeek host 192.168.1.4 is reached by 192.168.1.41 and is not a destination too.
    expect(ids(view, 'destination')).not.toContain('ip:192.168.1.4');
    expect(edgeEvents(view)['host:192.168.1.41->host:192.168.1.4']).toBeGreaterThan(0);
    expect(view.nodes.find((n) => n.id === 'host:192.168.1.4')?.addresses).toEqual(['192.168.1.4']);
    // The Sysmon host's own address: Edge talking to it ends on the host.
    expect(ids(view, 'destination')).not.toContain('ip:10.0.10.102');
    expect(view.nodes.find((n) => n.id === 'host:DESKTOP-CQF82L6')?.addresses).toContain('10.0.10.102');
    expect(edgeEvents(view)['process:DESKTOP-CQF82L6|C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe->host:DESKTOP-CQF82L6']).toBe(2);
    // Columns: one value per edge in each, indices into nodes.
    const n = view.edges.source.length;
    expect(Object.values(view.edges).every((c) => c.length === n)).toBe(true);
    expect(view.nodes.find((x) => x.id === 'ip:10.0.5.13')).toMatchObject({ kind: 'destination', addressClass: 'private' });
    expect(view.nodes.find((x) => x.id.endsWith('payload.exe'))).toMatchObject({ kind: 'process', label: 'payload.exe', path: 'C:\\Users\\pedro\\Downloads\\payload.exe' });
  });

  it('folds the destinations past the budget into groups whose counts add up to the totals, and opens a group in place', async () => {
    const all = await engine.invoke('getGraphView', { caseId, maxDestinations: 20_000 });
    const top = await engine.invoke('getGraphView', { caseId, maxDestinations: 2 });
    const destinations = all.totals.destinations;
    expect(destinations).toBeGreaterThan(5);
    expect(ids(top, 'destination')).toHaveLength(2);
    const groups = top.nodes.filter((x) => x.kind === 'group');
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.id.startsWith('group:dst:') && g.group?.of === 'destination')).toBe(true);
    expect(groups.reduce((s, g) => s + (g.group?.members ?? 0), 0)).toBe(destinations - 2);
    expect(top.folded.destinations).toBe(destinations - 2);
    // Nothing silently dropped: every connection still ends on a drawn node.
    expect(connectsTotal(top)).toBe(top.totals.events);
    expect(top.totals).toEqual(all.totals);

    const biggest = [...groups].sort((a, b) => (b.group?.members ?? 0) - (a.group?.members ?? 0))[0]!;
    const opened = await engine.invoke('getGraphView', { caseId, maxDestinations: 2, expand: [biggest.id] });
    const members = opened.nodes.filter((x) => x.parent === biggest.id);
    expect(members.length).toBe(Math.min(biggest.group?.members ?? 0, 2));
    expect(members.every((m) => m.kind === 'destination')).toBe(true);
    expect(connectsTotal(opened)).toBe(top.totals.events);
    // The same group has the same id in every answer.
    const again = await engine.invoke('getGraphView', { caseId, maxDestinations: 2 });
    expect(ids(again, 'group')).toEqual(ids(top, 'group'));
  });

  it('filters on the server: search (DNS names too), hosts, processes by path or file name, ports, protocols, time, internal', async () => {
    const payload = await engine.invoke('getGraphView', { caseId, processes: ['payload.exe'] });
    expect(Object.keys(edgeEvents(payload))).toEqual(['process:DESKTOP-CQF82L6|C:\\Users\\pedro\\Downloads\\payload.exe->ip:10.0.10.104']);
    const byPath = await engine.invoke('getGraphView', { caseId, processes: ['C:\\Users\\pedro\\Downloads\\payload.exe'] });
    expect(edgeEvents(byPath)).toEqual(edgeEvents(payload));
    const search = await engine.invoke('getGraphView', { caseId, search: 'payload' });
    expect(edgeEvents(search)).toEqual(edgeEvents(payload));

    const counts = withCaseDb(engine, caseId, (db) => ({
      host: (q(db, "SELECT COUNT(*) AS n FROM events WHERE host = 'DESKTOP-CQF82L6'")[0] as { n: number }).n,
      port: (q(db, 'SELECT COUNT(*) AS n FROM events WHERE dst_port = 443')[0] as { n: number }).n,
      udp: (q(db, "SELECT COUNT(*) AS n FROM events WHERE LOWER(proto) = 'udp'")[0] as { n: number }).n,
      name: q(db, 'SELECT query, ip FROM dns_answers LIMIT 1')[0] as { query: string; ip: string } | undefined,
    }));
    expect((await engine.invoke('getGraphView', { caseId, hosts: ['DESKTOP-CQF82L6'] })).totals.events).toBe(counts.host);
    expect((await engine.invoke('getGraphView', { caseId, ports: [443] })).totals.events).toBe(counts.port);
    expect(counts.udp).toBeGreaterThan(0);
    expect((await engine.invoke('getGraphView', { caseId, protocols: ['UDP'] })).totals.events).toBe(counts.udp);
    expect(counts.name).toBeDefined();
    const byName = await engine.invoke('getGraphView', { caseId, search: counts.name!.query });
    expect(ids(byName)).toContain(`ip:${counts.name!.ip}`);

    const external = await engine.invoke('getGraphView', { caseId, includeInternal: false });
    expect(ids(external, 'destination').length).toBeGreaterThan(0);
    expect(external.nodes.filter((x) => x.kind === 'destination').every((x) => x.addressClass !== 'private' && x.addressClass !== 'link-local')).toBe(true);

    const zeekOnly = await engine.invoke('getGraphView', { caseId, from: '2023-01-01T00:00:00Z', to: '2023-12-31T23:59:59Z' });
    expect(ids(zeekOnly, 'process')).toEqual([]);
  });

  it('groups processes by image across hosts and hosts by subnet', async () => {
    const byImage = await engine.invoke('getGraphView', { caseId, grouping: { processes: 'image' } });
    const plain = await engine.invoke('getGraphView', { caseId });
    expect(ids(byImage, 'process')).toEqual([]);
    const groups = byImage.nodes.filter((x) => x.group?.of === 'process');
    expect(groups.reduce((s, g) => s + (g.group?.members ?? 0), 0)).toBe(plain.totals.processes);
    const bySubnet = await engine.invoke('getGraphView', { caseId, grouping: { hosts: 'subnet' } });
    expect(bySubnet.nodes.some((x) => x.id === 'group:host:subnet:192.168.1.0/24' && x.group?.members === 2)).toBe(true);
    expect(connectsTotal(bySubnet)).toBe(plain.totals.events);
  });
});

describe('getTimeline', () => {
  it('bins every connection of the case, of a node and of an edge, under the same filters as the graph', async () => {
    const view = await engine.invoke('getGraphView', { caseId });
    const all = await engine.invoke('getTimeline', { caseId, bins: 50 });
    expect(all.counts.length).toBeLessThanOrEqual(50);
    expect(all.counts.reduce((a, b) => a + b, 0)).toBe(view.totals.events);
    expect([all.counts.length, all.bytes.length, all.findings.length]).toEqual([all.counts.length, all.counts.length, all.counts.length]);
    const span = Date.parse(all.end!) - Date.parse(all.start!);
    expect(span).toBe(all.counts.length * all.binSeconds * 1000);

    const dst = await engine.invoke('getTimeline', { caseId, nodeId: 'ip:10.0.5.13' });
    const node = view.nodes.find((x) => x.id === 'ip:10.0.5.13')!;
    expect(dst.counts.reduce((a, b) => a + b, 0)).toBe(node.events);
    const edge = 'process:DESKTOP-CQF82L6|C:\\Users\\pedro\\Downloads\\payload.exe->ip:10.0.10.104';
    const one = await engine.invoke('getTimeline', { caseId, nodeId: edge });
    expect(one.counts.reduce((a, b) => a + b, 0)).toBe(2);
    const filtered = await engine.invoke('getTimeline', { caseId, ports: [443] });
    expect(filtered.counts.reduce((a, b) => a + b, 0)).toBe((await engine.invoke('getGraphView', { caseId, ports: [443] })).totals.events);
  });
});
