import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { GraphView } from '../../src/shared/graph-view-types.js';
import { connectionLineage } from '../../src/core/analysis/queries/index.js';
import { EngineHarness, withCaseDb } from '../helpers/engine.js';
import { repoRoot } from '../helpers/fixtures.js';
import { viewEdge } from '../helpers/view-edges.js';
import { generateScale, generateWeek, type ScaleManifest, type WeekManifest } from '../synthetic/index.js';

// One case for the whole file: generating and importing the week takes a while on a shared machine.
const h = new EngineHarness();
let dir = '';
let manifest: WeekManifest;
let engine: Engine;
let caseId = '';
let imported: Awaited<ReturnType<Engine['invoke']>> & { files: { file: string; status: string; events: number; processes: number; dns: number; ignored: number; quarantined: number }[]; join: Record<string, unknown> };
let graph: GraphView;

beforeAll(async () => {
  dir = h.tmp.make('synthetic-case-');
  manifest = generateWeek(dir);
  engine = h.engine();
  caseId = (await engine.invoke('createCase', { name: 'synthetic week' })).id;
  const telemetry = manifest.files.filter((f) => !f.path.startsWith('intel/'));
  imported = (await engine.invoke('importFiles', { caseId, sources: telemetry.map((f) => engine.files.source(path.join(dir, f.path))) })) as typeof imported;
  graph = await engine.invoke('getGraphView', { caseId, grouping: { destinations: 'none' }, maxDestinations: 20_000, maxEdges: 100_000 });
}, 240_000);
afterAll(() => h.close());

const edge = (source: string, target: string) => viewEdge(graph, source, target);

describe('the synthetic week imported with today’s engine', () => {
  it('imports every file whole, with no record quarantined and the counts the manifest states', () => {
    const byFile = new Map(imported.files.map((f) => [path.relative(dir, f.file).split(path.sep).join('/'), f]));
    for (const host of manifest.hosts) {
      const c = manifest.counts.sysmon[host.name];
      if (!c) throw new Error(`no counts for ${host.name}`);
      expect(byFile.get(`sysmon/${host.name}.json`)).toMatchObject({
        status: 'imported', quarantined: 0, events: c.networkConnect, processes: c.processCreate, dns: c.dnsQuery, fileCreations: c.fileCreate, ignored: 0,
      });
    }
    expect(byFile.get('zeek/conn.log')).toMatchObject({ status: 'imported', quarantined: 0, events: manifest.counts.connections, ignored: 0 });
    expect(byFile.get('zeek/dns.log')).toMatchObject({ status: 'imported', quarantined: 0, dns: manifest.counts.lookups, ignored: 0 });
  });

  it('pairs every Sysmon connection with its Zeek flow; only the server’s forwarding stays sensor-only', () => {
    const endpoint = Object.values(manifest.counts.sysmon).reduce((n, c) => n + c.networkConnect, 0);
    expect(imported.join).toMatchObject({ endpointEvents: endpoint, endpointMatched: endpoint, flowEvents: manifest.counts.connections, flowMatched: endpoint, newlyMatched: endpoint, clockSkews: [] });
    expect(manifest.counts.connections - endpoint).toBe(manifest.counts.sensorOnly);
    expect((imported.join.namedHosts as { host: string }[]).map((n) => n.host).sort()).toEqual(manifest.hosts.map((x) => x.name).sort());
  });

  it('shows every planted incident as its host → process → destination, with the manifest’s counts, ports, bytes and times', () => {
    for (const i of manifest.incidents) {
      const proc = `process:${i.host}|${i.process.image}`;
      expect(edge(`host:${i.host}`, proc)?.kind).toBe('runs');
      const e = edge(proc, `ip:${i.destination.ip}`);
      expect({ id: i.id, events: e?.events, ports: e?.ports, bytesOut: e?.bytesOut, bytesIn: e?.bytesIn, first: e?.firstSeen, last: e?.lastSeen }).toEqual({
        id: i.id, events: i.connections, ports: String(i.destination.port), bytesOut: i.bytesOut, bytesIn: i.bytesIn, first: i.timeRange.first, last: i.timeRange.last,
      });
      const node = graph.nodes.find((n) => n.id === `ip:${i.destination.ip}`);
      if (i.destination.hostname !== null) expect(node?.names).toContain(i.destination.hostname);
    }
  });

  it('tells the masquerade\'s lineage for its first connection: who wrote svch0st.exe and when, who started it, joined by GUID', () => {
    const m = manifest.incidents.find((i) => i.id === 'masquerade');
    if (!m) throw new Error('no masquerade incident in the manifest');
    const hhmm = (iso: unknown) => String(iso).slice(11, 16);
    const lineage = withCaseDb(engine, caseId, (db) => {
      const first = db.prepare('SELECT id FROM events WHERE host = ? AND image = ? AND dst_ip = ? ORDER BY ts LIMIT 1').pluck().get(m.host, m.process.image, m.destination.ip) as number;
      return connectionLineage(db, first);
    });
    const writer = String(m.details['writtenBy']).split('\\').at(-1);
    const starter = String(m.details['startedBy']).split('\\').at(-1);
    expect(lineage?.sentence).toMatch(new RegExp(`^svch0st\\.exe was written by ${writer} at ${hhmm(m.details['writtenAt'])} and started by ${starter} at ${hhmm(m.process.started)}(,|$)`));
    expect(lineage).toMatchObject({ joinedBy: 'guid', process: { processGuid: m.process.processGuid, commandLine: m.process.commandLine }, fileWrite: { image: m.details['writtenBy'] } });
    const sha256 = manifest.incidents.find((i) => i.id === 'hash-ioc')?.iocs.find((i) => i.type === 'sha256')?.value;
    expect(lineage?.process?.hashes.hashes).toContainEqual({ type: 'sha256', value: sha256 });
    expect(lineage?.judgements.map((j) => j.kind)).toEqual(expect.arrayContaining(['lookalike-name', 'user-writable-folder']));
  });

  it('shows the decoys: every host’s agent to its server, and the server’s forwarding to the public resolvers without a process', () => {
    const hb = manifest.decoys.find((d) => d.id === 'heartbeat');
    const agent = hb?.images[0] ?? '';
    for (const host of manifest.hosts) expect(edge(`process:${host.name}|${agent}`, `ip:${hb?.destination.ip}`)?.events).toBeGreaterThan(100);
    for (const ip of ['8.8.8.8', '1.1.1.1']) expect(edge('host:SRV01', `ip:${ip}`)?.ports).toBe('53');
  });

  it('imports the intel feeds whole, and finds every indicator dated as the manifest says', async () => {
    const intel = manifest.files.filter((f) => f.path.startsWith('intel/'));
    const result = await engine.invoke('intelImport', { sources: intel.map((f) => engine.files.source(path.join(dir, f.path))) });
    expect(result.files.map((f) => [f.status, f.invalid, f.newIndicators])).toEqual(intel.map((f) => ['imported', 0, manifest.iocs.filter((i) => i.file === f.path).length]));
    const found = await engine.invoke('intelLookup', { values: manifest.iocs.map((i) => i.value) });
    expect(found.map((f) => [f.value, f.found, f.firstSeen])).toEqual(manifest.iocs.map((i) => [i.value, true, i.reportedAt]));
    const cidrHit = manifest.incidents.find((i) => i.id === 'ioc-cidr')?.destination.ip ?? '';
    const [inNetwork] = await engine.invoke('intelLookup', { values: [cidrHit] });
    expect(inNetwork?.found).toBe(false);
    expect(inNetwork?.networks.map((n) => n.cidr)).toEqual(['45.137.21.0/24']);
  });
});

describe('the synthetic scale case imported with today’s engine', () => {
  let scale: { dir: string; manifest: ScaleManifest };
  beforeAll(() => {
    const d = h.tmp.make('synthetic-scale-');
    scale = { dir: d, manifest: generateScale(d, { connections: 30_000, beacons: 3, seed: 11, sysmon: true }) };
  }, 60_000);

  it('imports Sysmon and Zeek with nothing quarantined, pairs every connection and shows each beacon', async () => {
    const e = h.engine();
    const id = (await e.invoke('createCase', { name: 'synthetic scale' })).id;
    const r = await e.invoke('importFiles', { caseId: id, sources: scale.manifest.files.map((f) => e.files.source(path.join(scale.dir, f.path))) });
    expect(r.files.map((f) => [f.status, f.quarantined])).toEqual([['imported', 0], ['imported', 0]]);
    expect(r.join).toMatchObject({ endpointEvents: 30_000, endpointMatched: 30_000, flowEvents: 30_000, flowMatched: 30_000 });
    const g = await e.invoke('getGraphView', { caseId: id, grouping: { destinations: 'none' }, maxDestinations: 20_000, maxEdges: 100_000 });
    for (const b of scale.manifest.incidents) {
      const found = viewEdge(g, `process:${b.host}|${b.process?.image}`, `ip:${b.destination.ip}`);
      expect(found).toMatchObject({ events: b.connections, ports: String(b.destination.port), firstSeen: b.timeRange.first, lastSeen: b.timeRange.last });
    }
  }, 120_000);
});

describe('node test/synthetic/generate.js', () => {
  const script = path.join(repoRoot, 'test', 'synthetic', 'generate.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('writes a case and its manifest, the same bytes for the same seed', () => {
    const [a, b] = [h.tmp.make('gen-'), h.tmp.make('gen-')];
    const first = run('--out', a, '--seed', '3', '--connections', '5000', '--beacons', '1');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^scale case: 5,000 connections, 1 planted incidents, 1 files \([\d.]+ MB\) in [\d.]+ s → /);
    expect(run('--out', b, '--seed', '3', '--connections', '5000', '--beacons', '1').status).toBe(0);
    expect(fs.readFileSync(path.join(b, 'manifest.json'), 'utf8')).toBe(fs.readFileSync(path.join(a, 'manifest.json'), 'utf8'));
  });

  it('refuses a bad option with exit code 1, naming it', () => {
    const bad = run('--out', h.tmp.make('gen-'), '--connections', 'many');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--connections: "many" is not a whole number');
    const unknown = run('--frobnicate');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
    expect(run('--help').stdout).toContain('Usage: node test/synthetic/generate.js --out DIR');
  });
});
