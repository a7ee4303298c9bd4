import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../helpers/temp-dirs.js';
import { generateScale, type ScaleManifest } from '../synthetic/index.js';
import { sysmonEvents, sysmonMs, zeekRows } from '../synthetic/read-case.js';

const tmp = new TempDirs();
const N = 40_000;
let zeekOnly: { dir: string; manifest: ScaleManifest };
let both: { dir: string; manifest: ScaleManifest };

beforeAll(() => {
  const make = (sysmon: boolean) => {
    const dir = tmp.make('synthetic-scale-');
    return { dir, manifest: generateScale(dir, { connections: N, beacons: 4, seed: 5, sysmon }) };
  };
  zeekOnly = make(false);
  both = make(true);
}, 60_000);
afterAll(() => tmp.cleanup());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe('the scale case', () => {
  it('writes exactly the connections asked for, in time order', () => {
    const rows = zeekRows(path.join(zeekOnly.dir, 'zeek', 'conn.log'));
    expect(rows).toHaveLength(N);
    expect(zeekOnly.manifest.counts.connections).toBe(N);
    const ts = rows.map((r) => Number(r.ts));
    expect(ts.every((t, i) => i === 0 || t >= (ts[i - 1] as number) - 0.03)).toBe(true);
    expect(zeekOnly.manifest.files.map((f) => f.path)).toEqual(['zeek/conn.log']);
    expect(new Set(rows.map((r) => r.uid)).size).toBe(N);
  });

  it('plants the beacons asked for, each on its own host and address, at its period and jitter', () => {
    const rows = zeekRows(path.join(zeekOnly.dir, 'zeek', 'conn.log'));
    const { incidents } = zeekOnly.manifest;
    expect(incidents).toHaveLength(4);
    expect(new Set(incidents.map((i) => i.host)).size).toBe(4);
    for (const b of incidents) {
      const own = rows.filter((r) => r['id.resp_h'] === b.destination.ip);
      expect(own.every((r) => r['id.orig_h'] === b.hostIp && Number(r['id.resp_p']) === b.destination.port)).toBe(true);
      expect(own).toHaveLength(b.connections);
      const period = b.details.intervalSeconds * 1000;
      const gaps = own.slice(1).map((r, i) => (Number(r.ts) - Number(own[i]?.ts)) * 1000);
      // The sensor's time adds up to 25 ms of its own to each side of a gap.
      expect(gaps.every((g) => Math.abs(g - period) <= period * b.details.jitter + 50)).toBe(true);
      expect(Math.abs(median(gaps) - period)).toBeLessThan(period * b.details.jitter);
      expect(b.expect.keywords).toEqual([`${b.details.intervalSeconds} s`]);
    }
  });

  it('gives every host the heartbeat and draws the rest from a power-law population of destinations', () => {
    const rows = zeekRows(path.join(zeekOnly.dir, 'zeek', 'conn.log'));
    const hb = zeekOnly.manifest.decoys[0];
    const beats = rows.filter((r) => r['id.resp_h'] === hb?.destination.ip);
    expect(new Set(beats.map((r) => r['id.orig_h'])).size).toBe(zeekOnly.manifest.options.hosts);
    expect(beats).toHaveLength(zeekOnly.manifest.counts.heartbeats);
    const background = rows.filter((r) => r['id.resp_h'] !== hb?.destination.ip && !r['id.resp_h']?.startsWith('193.142.58.'));
    expect(background).toHaveLength(zeekOnly.manifest.counts.background);
    const perDestination = new Map<string, number>();
    for (const r of background) perDestination.set(r['id.resp_h'] ?? '', (perDestination.get(r['id.resp_h'] ?? '') ?? 0) + 1);
    const counts = [...perDestination.values()].sort((a, b) => b - a);
    expect(counts.slice(0, Math.ceil(counts.length / 100)).reduce((n, c) => n + c, 0) / background.length).toBeGreaterThan(0.2);
    expect(counts.filter((c) => c === 1).length).toBeGreaterThan(counts.length / 4);
  });

  it('with Sysmon: one event 3 per connection, each pairing with its Zeek row, from processes whose start is logged', () => {
    const events = sysmonEvents(path.join(both.dir, 'sysmon', 'collector.json'));
    const connects = events.filter((e) => e.EventID === 3);
    const starts = new Map(events.filter((e) => e.EventID === 1).map((e) => [e.ProcessGuid, e]));
    expect(connects).toHaveLength(N);
    expect(starts.size).toBe(both.manifest.counts.processes);
    const times = events.map((e) => sysmonMs(e.UtcTime));
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true);
    for (const e of connects) expect(sysmonMs(starts.get(e.ProcessGuid)?.UtcTime)).toBeLessThan(sysmonMs(e.UtcTime));
    const rows = new Set(zeekRows(path.join(both.dir, 'zeek', 'conn.log')).map((r) => `${r['id.orig_h']}|${r['id.orig_p']}|${r['id.resp_h']}|${r['id.resp_p']}`));
    expect(connects.every((e) => rows.has(`${e.SourceIp}|${e.SourcePort}|${e.DestinationIp}|${e.DestinationPort}`))).toBe(true);
    for (const b of both.manifest.incidents) {
      expect(b.process?.image).toMatch(/\\AppData\\Roaming\\beacon-\d\\beacon-\d\.exe$/);
      expect(connects.filter((e) => e.ProcessGuid === b.process?.processGuid)).toHaveLength(b.connections);
    }
  });

  it('is deterministic: the same options give the same bytes, another seed other bytes', () => {
    const again = generateScale(tmp.make('synthetic-scale-'), { connections: N, beacons: 4, seed: 5, sysmon: true });
    expect(again).toEqual(both.manifest);
    const other = generateScale(tmp.make('synthetic-scale-'), { connections: N, beacons: 4, seed: 6 });
    expect(other.files[0]?.sha256).not.toBe(zeekOnly.manifest.files[0]?.sha256);
    expect(other.counts.connections).toBe(N);
  }, 60_000);

  it('refuses options it cannot honour, naming them', () => {
    const out = tmp.make();
    expect(() => generateScale(out, { connections: 3000, beacons: 5 })).toThrow(/connections: 3000 is fewer than the heartbeats and beacons alone make \(\d+\)/);
    expect(() => generateScale(out, { connections: 10 })).toThrow(/connections: 10 is not a whole number from 1000/);
    expect(() => generateScale(out, { connections: 20_000, hosts: 1 })).toThrow(/hosts: 1/);
    expect(() => generateScale(out, { connections: 20_000, beacons: 1.5 })).toThrow(/beacons: 1.5/);
    // Refused before anything is written.
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
