import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../helpers/temp-dirs.js';
import { generateWeek, type WeekManifest } from '../synthetic/index.js';
import { REPORTED_BEFORE_MS } from '../synthetic/intel-feed.js';
import { readManifest, sysmonEvents, sysmonMs, zeekRows } from '../synthetic/read-case.js';

type Sysmon = Record<string, string | number>;
type Incident = WeekManifest['incidents'][number];

const tmp = new TempDirs();
let dir = '';
let manifest: WeekManifest;
const sysmon = new Map<string, Sysmon[]>();
let conn: Record<string, string>[] = [];

beforeAll(() => {
  dir = tmp.make('synthetic-week-');
  manifest = generateWeek(dir);
  for (const h of manifest.hosts) sysmon.set(h.name, sysmonEvents(path.join(dir, 'sysmon', `${h.name}.json`)));
  conn = zeekRows(path.join(dir, 'zeek', 'conn.log'));
}, 120_000);
afterAll(() => tmp.cleanup());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - (ts[i] as number));
const incident = (id: string) => {
  const i = manifest.incidents.find((x) => x.id === id);
  if (!i) throw new Error(`no incident ${id}`);
  return i;
};
/** Sysmon network events of a host, optionally of one image. */
const connects = (host: string, image?: string) => (sysmon.get(host) ?? []).filter((e) => e.EventID === 3 && (image === undefined || e.Image === image));
const allConnects = () => [...sysmon.values()].flatMap((events) => events.filter((e) => e.EventID === 3));

describe('the week case’s files', () => {
  it('are the files the manifest lists, with their sizes and SHA-256', () => {
    const onDisk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? onDisk(path.join(d, e.name)) : [path.relative(dir, path.join(d, e.name)).split(path.sep).join('/')]));
    expect(onDisk(dir).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(dir, f.path));
      expect({ path: f.path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual(f);
    }
    expect(readManifest(dir)).toEqual(JSON.parse(JSON.stringify(manifest)));
  });

  it('hold the counts the manifest states, per host and event', () => {
    for (const h of manifest.hosts) {
      const events = sysmon.get(h.name) ?? [];
      const n = (id: number) => events.filter((e) => e.EventID === id).length;
      expect({ processCreate: n(1), networkConnect: n(3), fileCreate: n(11), dnsQuery: n(22) }).toEqual(manifest.counts.sysmon[h.name]);
      const times = events.map((e) => sysmonMs(e.UtcTime));
      expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true);
    }
    expect(conn).toHaveLength(manifest.counts.connections);
    expect(zeekRows(path.join(dir, 'zeek', 'dns.log'))).toHaveLength(manifest.counts.lookups);
    // Every Sysmon connection has its sensor row (same 5-tuple, within a second); the rest are the server's forwarding.
    const rows = new Set(conn.map((r) => `${r['id.orig_h']}|${r['id.orig_p']}|${r['id.resp_h']}|${r['id.resp_p']}|${r.proto}`));
    const endpoint = allConnects();
    expect(endpoint.every((e) => rows.has(`${e.SourceIp}|${e.SourcePort}|${e.DestinationIp}|${e.DestinationPort}|${e.Protocol}`))).toBe(true);
    expect(conn.length - endpoint.length).toBe(manifest.counts.sensorOnly);
    expect(conn.filter((r) => r['id.orig_h'] === '10.20.0.10' && r['id.resp_p'] === '53').length).toBe(manifest.counts.sensorOnly);
  });

  it('have a working-hours rhythm on weekdays and quiet weekends', () => {
    const workstations = new Set(manifest.hosts.filter((h) => h.role === 'workstation').map((h) => h.ip));
    const user = conn.filter((r) => workstations.has(r['id.orig_h'] ?? '') && r['id.resp_h'] !== '20.50.73.9').map((r) => new Date(Number(r.ts) * 1000));
    const weekday = user.filter((d) => d.getUTCDay() >= 1 && d.getUTCDay() <= 5);
    const weekend = user.filter((d) => d.getUTCDay() === 0 || d.getUTCDay() === 6);
    expect(weekday.filter((d) => d.getUTCHours() >= 8 && d.getUTCHours() < 18).length / weekday.length).toBeGreaterThan(0.75);
    expect(weekend.length / 2).toBeLessThan((weekday.length / 5) * 0.25);
    // Every workstation is used every weekday.
    for (const ip of workstations) {
      const days = new Set(conn.filter((r) => r['id.orig_h'] === ip && r['id.resp_h'] !== '20.50.73.9').map((r) => new Date(Number(r.ts) * 1000).getUTCDay()));
      expect([1, 2, 3, 4, 5].filter((d) => days.has(d))).toEqual([1, 2, 3, 4, 5]);
    }
  });
});

describe('the decoys', () => {
  it('the heartbeat: every host’s agent, every 60 s while the host is on', () => {
    const hb = manifest.decoys.find((d) => d.id === 'heartbeat');
    expect(hb?.hosts).toEqual(manifest.hosts.map((h) => h.name).sort());
    for (const h of manifest.hosts) {
      const ts = connects(h.name, 'C:\\Program Files\\Northwind IT\\Endpoint Agent\\nwagent.exe').map((e) => sysmonMs(e.UtcTime));
      const on = gaps(ts).filter((g) => g < 3_600_000);
      expect(Math.abs(median(on) - 60_000)).toBeLessThan(300);
      expect(on.every((g) => Math.abs(g - 60_000) < 2000)).toBe(true);
    }
  });

  it('the public resolvers: the server forwards to both (sensor only), the roaming laptops use them directly', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1']) {
      const rows = conn.filter((r) => r['id.resp_h'] === ip);
      expect(rows.every((r) => r['id.resp_p'] === '53' && r.proto === 'udp')).toBe(true);
      expect(new Set(rows.map((r) => r['id.orig_h']))).toEqual(new Set(['10.20.0.10', ip === '8.8.8.8' ? '10.20.1.17' : '10.20.1.18']));
      expect(connects('SRV01').some((e) => e.DestinationIp === ip)).toBe(false);
      expect(manifest.decoys.find((d) => d.id === `resolver-${ip}`)?.connections).toBe(rows.length);
    }
    expect(manifest.iocs.find((i) => i.value === '8.8.8.8')?.decoy).toBe('resolver-8.8.8.8');
  });
});

describe('the planted incidents', () => {
  it('each is the only traffic of its (host, process, destination, port), after the clean baseline', () => {
    expect(manifest.incidents.map((i) => i.id)).toEqual(['beacon', 'exfil', 'rare-port', 'ioc-ip', 'ioc-domain', 'ioc-cidr', 'office-messenger', 'masquerade', 'hash-ioc']);
    for (const i of manifest.incidents) {
      const own = connects(i.host, i.process.image).filter((e) => e.DestinationIp === i.destination.ip && Number(e.DestinationPort) === i.destination.port);
      expect({ id: i.id, n: own.length }).toEqual({ id: i.id, n: i.connections });
      expect(sysmonMs(own[0]?.UtcTime)).toBe(Date.parse(i.timeRange.first));
      expect(sysmonMs(own.at(-1)?.UtcTime)).toBe(Date.parse(i.timeRange.last));
      expect(Date.parse(i.timeRange.first)).toBeGreaterThanOrEqual(Date.parse(manifest.cleanUntil));
      expect(i.expect.keywords.length).toBeGreaterThan(0);
    }
  });

  it('only the planted processes reach the planted addresses (Dropbox and Telegram’s API aside, which benign processes use too)', () => {
    const planted = new Set(manifest.incidents.map((i) => `${i.host}|${i.process.image}|${i.destination.ip}`));
    const shared = new Set(['162.125.66.15', '149.154.167.220']);
    for (const i of manifest.incidents.filter((x) => !shared.has(x.destination.ip))) {
      const users = allConnects().filter((e) => e.DestinationIp === i.destination.ip).map((e) => `${e.Hostname}|${e.Image}|${e.DestinationIp}`);
      expect(new Set(users)).toEqual(new Set([...planted].filter((p) => p.endsWith(`|${i.destination.ip}`))));
      expect(conn.filter((r) => r['id.resp_h'] === i.destination.ip).every((r) => r['id.orig_h'] === i.hostIp)).toBe(true);
    }
    expect(conn.some((r) => r['id.resp_h']?.startsWith('45.137.21.') && r['id.resp_h'] !== incident('ioc-cidr').destination.ip)).toBe(false);
  });

  it('the beacon: every ~600 s ±5 % from a program in AppData, for more than five days', () => {
    const b = incident('beacon');
    expect(b.process.image).toMatch(/\\AppData\\/);
    const g = gaps(connects(b.host, b.process.image).map((e) => sysmonMs(e.UtcTime)));
    expect(g.every((x) => x >= 570_000 && x <= 630_000)).toBe(true);
    expect(Math.abs(median(g) - 600_000)).toBeLessThan(6000);
    expect(Date.parse(b.timeRange.last) - Date.parse(b.timeRange.first)).toBeGreaterThan(5 * 86_400_000);
    expect(b.expect).toEqual({ kinds: ['beacon'], keywords: ['600 s'] });
  });

  it('the exfiltration: about 1.8 GB out from PowerShell to Dropbox, which only Dropbox.exe used before', () => {
    const x = incident('exfil');
    const rows = conn.filter((r) => r['id.orig_h'] === x.hostIp && r['id.resp_h'] === x.destination.ip);
    expect(rows).toHaveLength(12);
    expect(rows.reduce((n, r) => n + Number(r.orig_bytes), 0)).toBe(x.bytesOut);
    expect(x.bytesOut).toBeGreaterThan(1.5e9);
    const before = allConnects().filter((e) => e.DestinationIp === x.destination.ip && sysmonMs(e.UtcTime) < Date.parse(x.timeRange.first));
    expect(before.length).toBeGreaterThan(10);
    expect(new Set(before.map((e) => `${e.Hostname}|${e.Image}`))).toEqual(new Set(['WS02|C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe']));
  });

  it('the rare destination: one host of nine, port 4782, by address', () => {
    const r = incident('rare-port');
    expect(new Set(conn.filter((x) => x['id.resp_h'] === r.destination.ip).map((x) => x['id.orig_h']))).toEqual(new Set([r.hostIp]));
    expect(r.destination).toEqual({ ip: '91.215.85.142', port: 4782, proto: 'tcp', hostname: null });
    expect(r.expect.keywords).toEqual(['1 of 9 hosts', '4782']);
    expect(conn.some((x) => x['id.resp_p'] === '4782' && x['id.resp_h'] !== r.destination.ip)).toBe(false);
  });

  it('the IoC hits: each value in a feed, posted a day before the first connection, by the author the keywords name', () => {
    for (const id of ['ioc-ip', 'ioc-domain', 'ioc-cidr', 'hash-ioc']) {
      const i = incident(id);
      const iocs = manifest.iocs.filter((x) => x.incident === id);
      expect(iocs.length).toBeGreaterThan(0);
      const first = id === 'hash-ioc' ? Date.parse(i.process.started) : Date.parse(i.timeRange.first);
      for (const ioc of iocs) {
        expect(Date.parse(ioc.reportedAt)).toBe(Math.floor((first - REPORTED_BEFORE_MS) / 1000) * 1000);
        expect(fs.readFileSync(path.join(dir, ioc.file), 'utf8')).toContain(ioc.value);
        expect(i.expect.keywords).toContain(`@${ioc.author}`);
      }
    }
    const domain = incident('ioc-domain');
    expect(connects(domain.host, domain.process.image).some((e) => e.DestinationHostname === 'login-m365-verify.com')).toBe(true);
    expect((sysmon.get(domain.host) ?? []).some((e) => e.EventID === 22 && e.QueryName === 'login-m365-verify.com' && e.Image === domain.process.image)).toBe(true);
    expect(zeekRows(path.join(dir, 'zeek', 'dns.log')).some((r) => r.query === 'login-m365-verify.com' && r.answers === domain.destination.ip)).toBe(true);
    const cidr = manifest.iocs.find((x) => x.type === 'cidr')?.value ?? '';
    expect(cidr).toBe('45.137.21.0/24');
    expect(incident('ioc-cidr').destination.ip.startsWith('45.137.21.')).toBe(true);
  });

  it('the document chain: Outlook opens WINWORD.EXE, which calls Telegram’s API and writes svch0st.exe, which explorer.exe starts', () => {
    const word = incident('office-messenger');
    const masq = incident('masquerade');
    const ws06 = sysmon.get('WS06') ?? [];
    const wordStart = ws06.find((e) => e.EventID === 1 && e.ProcessGuid === word.process.processGuid);
    expect(wordStart?.ParentImage).toBe('C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE');
    expect(word.destination.hostname).toBe('api.telegram.org');
    const written = ws06.find((e) => e.EventID === 11 && e.TargetFilename === masq.process.image);
    expect(written).toMatchObject({ Image: word.process.image, ProcessGuid: word.process.processGuid });
    expect(sysmonMs(written?.UtcTime)).toBe(Date.parse(String(masq.details.writtenAt)));
    const starts = ws06.filter((e) => e.EventID === 1 && e.Image === masq.process.image);
    expect(starts).toHaveLength(Number(masq.details.starts));
    for (const s of starts) {
      expect(s).toMatchObject({ ParentImage: 'C:\\Windows\\explorer.exe', OriginalFileName: 'svchost.exe', Description: 'Host Process for Windows Services' });
      expect(sysmonMs(s.UtcTime)).toBeGreaterThan(sysmonMs(written?.UtcTime));
      expect(ws06.some((e) => e.EventID === 1 && e.ProcessGuid === s.ParentProcessGuid && e.Image === 'C:\\Windows\\explorer.exe')).toBe(true);
    }
    const sha256 = incident('hash-ioc').iocs[0]?.value ?? '';
    expect(String(starts[0]?.Hashes)).toContain(`SHA256=${sha256.toUpperCase()}`);
  });

  it('explains itself: a title and keywords for each, from the manifest’s numbers', () => {
    const expects = Object.fromEntries(manifest.incidents.map((i: Incident) => [i.id, i.expect.kinds]));
    expect(expects).toEqual({
      beacon: ['beacon'], exfil: ['volume'], 'rare-port': ['rare', 'port'], 'ioc-ip': ['ioc'], 'ioc-domain': ['ioc'], 'ioc-cidr': ['ioc'],
      'office-messenger': ['service-misuse'], masquerade: ['masquerade'], 'hash-ioc': ['hash-ioc'],
    });
    for (const i of manifest.incidents) for (const e of i.expect.kinds) expect(Object.keys(manifest.findingKinds)).toContain(e);
    expect(manifest.incidents.map((i) => i.kind)).toEqual(['beacon', 'exfiltration', 'rare-destination', 'ioc-exact', 'ioc-domain', 'ioc-cidr', 'office-messenger', 'masquerade', 'hash-ioc']);
    expect(incident('exfil').title).toMatch(/^PowerShell uploads 1\.\d GB to Dropbox, .* in 12 connections\.$/);
  });
});

describe('determinism and options', () => {
  it('the same seed gives the same bytes; another seed other bytes', () => {
    const again = generateWeek(tmp.make('synthetic-week-'));
    expect(again).toEqual(manifest);
    const other = generateWeek(tmp.make('synthetic-week-'), { seed: 2 });
    const digests = new Map(manifest.files.map((f) => [f.path, f.sha256]));
    for (const f of other.files.filter((x) => !x.path.startsWith('intel/stix'))) expect(f.sha256).not.toBe(digests.get(f.path));
    expect(other.incidents.map((i) => [i.id, i.host, i.destination.ip])).toEqual(manifest.incidents.map((i) => [i.id, i.host, i.destination.ip]));
  }, 120_000);

  it('refuses options it cannot honour, naming them', () => {
    const out = tmp.make();
    expect(() => generateWeek(out, { workstations: 7 })).toThrow(/workstations: 7 .*WS01–WS08/);
    expect(() => generateWeek(out, { start: '2026-11-17T00:00:00Z' })).toThrow(/start: .* not a Monday at 00:00 UTC/);
    expect(() => generateWeek(out, { start: 'soon' })).toThrow(/start: "soon" is not a date/);
    expect(() => generateWeek(out, { seed: -1 })).toThrow(/seed: -1/);
  });
});
