import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitEvidence } from '../../src/core/analysis/evidence.js';
import { runDetectors, unitLabel } from '../helpers/detectors.js';
import { caseFile, EngineHarness } from '../helpers/engine.js';
import { generateScale, generateWeek, type WeekManifest } from '../synthetic/index.js';

// The synthetic week (test/synthetic): each detector ranks its planted incident first and never reports the decoys.
const h = new EngineHarness();
let manifest: WeekManifest;
let run: ReturnType<typeof runDetectors>;

beforeAll(async () => {
  const dir = h.tmp.make('detectors-week-');
  manifest = generateWeek(dir);
  const engine = h.engine();
  const caseId = (await engine.invoke('createCase', { name: 'week' })).id;
  const telemetry = manifest.files.filter((f) => !f.path.startsWith('intel/'));
  await engine.invoke('importFiles', { caseId, sources: telemetry.map((f) => engine.files.source(path.join(dir, f.path))) });
  run = runDetectors(caseFile(engine, caseId));
}, 240_000);
afterAll(() => {
  run?.close();
  h.close();
});

const incident = (id: string) => {
  const i = manifest.incidents.find((x) => x.id === id);
  if (!i) throw new Error(`no incident ${id}`);
  return `${i.host} ${i.process.image.split('\\').pop() ?? ''} ${i.destination.ip}`;
};
const first = (list: UnitEvidence[]) => (list[0] ? unitLabel(list[0]) : null);

describe('the detectors over the synthetic week', () => {
  it('put each planted incident first in its detector', () => {
    expect(first(run.byKind('volume'))).toBe(incident('exfil'));
    expect(first(run.byKind('service-misuse'))).toBe(incident('exfil'));
    expect(run.byKind('service-misuse').slice(0, 2).map(unitLabel)).toEqual([incident('exfil'), incident('office-messenger')]);
    expect(first(run.byKind('new-destination'))).toBe(incident('rare-port'));
    expect(first(run.byKind('rare-destination'))).toBe(incident('rare-port'));
    expect(run.byKind('rare-destination')[0]?.evidence.text).toContain('1 of 9 hosts');
    expect(first(run.byKind('unusual-port'))).toBe(incident('rare-port'));
    expect(run.byKind('unusual-port')[0]?.evidence.dstPort).toBe(4782);
    expect(first(run.byKind('new-as'))).toBe(incident('rare-port'));
  });

  it('explain themselves with the manifest\'s keywords', () => {
    expect(run.byKind('service-misuse')[0]?.evidence.text).toMatch(/Dropbox.*powershell\.exe/);
    expect(run.byKind('service-misuse')[1]?.evidence.text).toMatch(/Telegram.*WINWORD\.EXE/);
  });

  it('never report the decoys: the heartbeat every host runs and the public resolvers', () => {
    const decoyIps = manifest.decoys.filter((d) => d.mustNotRank).map((d) => d.destination.ip);
    expect(decoyIps).toEqual(expect.arrayContaining(['8.8.8.8', '1.1.1.1']));
    expect(run.all.filter((u) => decoyIps.includes(u.dstIp)).map((u) => `${unitLabel(u)} ${u.evidence.kind}`)).toEqual([]);
  });

  it('take the normal uses of services as normal: Dropbox.exe syncing, Telegram Desktop, Windows Update', () => {
    const normal = manifest.decoys.filter((d) => d.kind === 'normal-service-use' || d.kind === 'large-download');
    for (const d of normal) {
      const hits = run.all.filter((u) => d.hosts.includes(u.host) && d.images.includes(u.image) && u.dstIp === d.destination.ip && ['service-misuse', 'volume', 'burst'].includes(u.evidence.kind));
      expect({ decoy: d.id, hits: hits.map((u) => u.evidence.text) }).toEqual({ decoy: d.id, hits: [] });
    }
  });
});

describe('the detectors over a synthetic scale case (a power-law population of destinations, a heartbeat everywhere)', () => {
  let scale: ReturnType<typeof runDetectors>;
  let beacons: string[] = [];
  beforeAll(async () => {
    const dir = h.tmp.make('detectors-scale-');
    const m = generateScale(dir, { connections: 30_000, beacons: 3, seed: 5, sysmon: true });
    beacons = m.incidents.map((b) => `${b.host} ${b.process?.image.split('\\').pop() ?? ''} ${b.destination.ip}`).sort();
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'scale' })).id;
    await engine.invoke('importFiles', { caseId, sources: m.files.map((f) => engine.files.source(path.join(dir, f.path))) });
    scale = runDetectors(caseFile(engine, caseId));
  }, 180_000);
  afterAll(() => scale?.close());

  it('finds the planted beacons rare ("1 of 10 hosts") among thousands of destinations few hosts share', () => {
    expect(beacons).toHaveLength(3);
    const rare = scale.byKind('rare-destination');
    expect(rare.map(unitLabel)).toEqual(expect.arrayContaining(beacons));
    for (const b of rare.filter((u) => beacons.includes(unitLabel(u)))) expect(b.evidence.text).toMatch(/^1 of 10 hosts reached this destination/);
    // The generator's background programs reach random addresses; browsers, which reach most of them, are never reported.
    expect(rare.filter((u) => /chrome|msedge/i.test(u.image))).toEqual([]);
  });

  it('reports nothing of the heartbeat every host runs, and no volume, burst or service misuse in background traffic', () => {
    const counts = new Map<string, number>();
    for (const u of scale.all) counts.set(u.dstIp, (counts.get(u.dstIp) ?? 0) + 1);
    const heartbeat = [...counts.keys()].filter((ip) => scale.all.filter((u) => u.dstIp === ip).length > 5);
    expect(heartbeat).toEqual([]);
    expect(scale.all.filter((u) => ['volume', 'burst', 'service-misuse', 'alert'].includes(u.evidence.kind)).map(unitLabel)).toEqual([]);
  });
});
