import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { caseMigrations, openDatabase } from '../../src/core/db/index.js';
import { importFile } from '../../src/core/telemetry/import-file.js';
import type { TelemetryFormat } from '../../src/shared/types.js';
import { caseFile, EngineHarness } from '../helpers/engine.js';
import { corpusDir as corpus, fileLines, fromRepo, repoRoot } from '../helpers/fixtures.js';

/*
 * Every sensor and firewall log of the shared corpus (Suricata eve.json,
 * Windows Firewall; Zeek dns.log when the corpus gains one), read IN PLACE
 * (reference-only files must never be copied into the repo), plus the repo's
 * own dns.log fixtures, each imported with format detection into a real case
 * database. Expected counts come from the raw files with code of this test
 * only, so a reader that drops, doubles or invents records shows up as a
 * mismatch; a few values per file are checked against the raw text.
 */
const h = new EngineHarness();
afterEach(() => h.close());

interface Expected {
  format: TelemetryFormat;
  /** Data rows of the source: what stored + ignored + quarantined must add up to. */
  rows: number;
  events: number;
  dns: number;
  alerts: number;
  ignored: number;
}

interface Case {
  file: string;
  timezone?: string;
  expected: () => Expected;
  spotCheck: (db: Database.Database, importId: number) => void;
}

const dataLines = (file: string) => fileLines(file).map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '' && !l.text.startsWith('#'));
const isIp = (s: unknown): s is string => typeof s === 'string' && net.isIP(s) !== 0;

// ---------------------------------------------------------------------------------------------
// Suricata eve.json

// The raw corpus JSON is walked loosely on purpose: a wrong guess fails an expect, not the compiler.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The A/AAAA addresses of a dns event in any eve version's shape. */
function eveAnswers(dns: Json): string[] {
  const out: string[] = [];
  if (Array.isArray(dns['answers'])) {
    for (const a of dns['answers'] as Json[]) if ((a['rrtype'] === 'A' || a['rrtype'] === 'AAAA') && isIp(a['rdata'])) out.push(a['rdata']);
  } else if (dns['grouped']) {
    for (const t of ['A', 'AAAA']) for (const ip of (dns['grouped'][t] ?? []) as unknown[]) if (isIp(ip)) out.push(ip);
  } else if (dns['type'] === 'answer' && (dns['rrtype'] === 'A' || dns['rrtype'] === 'AAAA') && isIp(dns['rdata'])) {
    out.push(dns['rdata']);
  }
  return out;
}

const eveLines = (file: string) => dataLines(file).map((l) => ({ ...l, o: JSON.parse(l.text) as Json }));

function countEve(file: string): Expected {
  const e: Expected = { format: 'suricata-eve', rows: 0, events: 0, dns: 0, alerts: 0, ignored: 0 };
  for (const { o } of eveLines(file)) {
    e.rows++;
    const type = o['event_type'];
    if (type === 'flow' || type === 'netflow') e.events++;
    else if (type === 'alert') e.alerts++;
    else if (type === 'dns' && (o['dns']['rrname'] ?? o['dns']['queries']?.[0]?.rrname) && eveAnswers(o['dns']).length > 0) e.dns++;
    else e.ignored++;
  }
  return e;
}

/** "2021-06-06T15:59:46.457984+0200" → epoch ms (to the ms, truncated), via Date.parse's own reading. */
const eveMs = (ts: string) => Date.parse(ts.replace(/\.(\d{3})\d*/, '.$1').replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

function spotCheckEve(file: string) {
  return (db: Database.Database, importId: number) => {
    const lines = eveLines(file);
    const flow = lines.find((l) => l.o['event_type'] === 'flow');
    if (flow) {
      const row = db.prepare('SELECT * FROM events WHERE import_id = ? AND line = ?').get(importId, flow.line) as Json;
      const f = flow.o['flow'];
      expect(row).toMatchObject({ src_ip: flow.o['src_ip'], dst_ip: flow.o['dest_ip'], host: flow.o['src_ip'], bytes_out: f['bytes_toserver'], bytes_in: f['bytes_toclient'], pkts_out: f['pkts_toserver'], uid: String(flow.o['flow_id']) });
      expect(Math.abs(row['ts'] - eveMs(f['start']))).toBeLessThanOrEqual(1);
      if (f['end']) expect(Math.abs(row['duration'] - (eveMs(f['end']) - eveMs(f['start'])) / 1000)).toBeLessThan(0.002);
    }
    const alert = lines.find((l) => l.o['event_type'] === 'alert');
    if (alert) {
      const row = db.prepare('SELECT * FROM alerts WHERE import_id = ? AND line = ?').get(importId, alert.line) as Json;
      const a = alert.o['alert'];
      expect(row).toMatchObject({ signature: a['signature'], signature_id: String(a['signature_id']), severity: String(a['severity']), action: a['action'] ?? null, src_ip: alert.o['src_ip'], dst_ip: alert.o['dest_ip'] });
      expect(Math.abs(row['ts'] - eveMs(alert.o['timestamp']))).toBeLessThanOrEqual(1);
    }
    const dns = lines.find((l) => l.o['event_type'] === 'dns' && eveAnswers(l.o['dns']).length > 0);
    if (dns) {
      const rows = db.prepare('SELECT query, ip FROM dns_answers WHERE import_id = ? AND line = ?').all(importId, dns.line) as { query: string; ip: string }[];
      expect(rows.map((r) => r.ip).sort()).toEqual([...new Set(eveAnswers(dns.o['dns']))].sort());
      expect(rows[0]?.query).toBe(dns.o['dns']['rrname'] ?? dns.o['dns']['queries'][0]['rrname']);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Windows Firewall pfirewall.log

const firewallRows = (file: string) => dataLines(file).map((l) => ({ ...l, t: l.text.trim().split(/\s+/) }));

function countFirewall(file: string): Expected {
  const rows = firewallRows(file);
  const lost = rows.filter((r) => r.t[2] === 'INFO-EVENTS-LOST').length;
  return { format: 'windows-firewall', rows: rows.length, events: rows.length - lost, dns: 0, alerts: 0, ignored: lost };
}

/** Checks the first RECEIVE and SEND rows between IPv4 addresses (default #Fields order), and their time in `utcOffsetHours`. */
function spotCheckFirewall(file: string, utcOffsetHours: number) {
  return (db: Database.Database, importId: number) => {
    const rows = firewallRows(file);
    for (const path of ['RECEIVE', 'SEND']) {
      const r = rows.find((x) => x.t[16] === path && net.isIPv4(x.t[4] ?? '') && net.isIPv4(x.t[5] ?? '') && /^\d+$/.test(x.t[7] ?? ''));
      if (!r) continue;
      const [date, time, , , src, dst, sport, dport] = r.t as string[];
      const got = db.prepare('SELECT * FROM events WHERE import_id = ? AND line = ?').get(importId, r.line) as Json;
      const local = path === 'SEND' ? [src, Number(sport)] : [dst, Number(dport)];
      const remote = path === 'SEND' ? [dst, Number(dport)] : [src, Number(sport)];
      expect(got, `${path} line ${r.line}`).toMatchObject({ host: local[0], src_ip: local[0], src_port: local[1], dst_ip: remote[0], dst_port: remote[1], initiated: path === 'SEND' ? 1 : 0 });
      const [y, mo, d] = (date as string).split('-').map(Number) as [number, number, number];
      const [hh, mi, ss] = (time as string).split(':').map(Number) as [number, number, number];
      expect(got['ts']).toBe(Date.UTC(y, mo - 1, d, hh - utcOffsetHours, mi, ss));
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Zeek dns.log (TSV and JSON)

function countZeekDnsTsv(file: string): Expected {
  const fieldsLine = fileLines(file).find((l) => l.startsWith('#fields\t'));
  const fields = (fieldsLine ?? '').split('\t').slice(1);
  const [q, a] = [fields.indexOf('query'), fields.indexOf('answers')];
  const e: Expected = { format: 'zeek-dns-tsv', rows: 0, events: 0, dns: 0, alerts: 0, ignored: 0 };
  for (const { text } of dataLines(file)) {
    const cols = text.split('\t');
    e.rows++;
    if (cols[q] !== '-' && (cols[a] ?? '').split(',').some(isIp)) e.dns++;
    else e.ignored++;
  }
  return e;
}

function countZeekDnsJson(file: string): Expected {
  const e: Expected = { format: 'zeek-dns-json', rows: 0, events: 0, dns: 0, alerts: 0, ignored: 0 };
  for (const { text } of dataLines(file)) {
    const o = JSON.parse(text) as Json;
    e.rows++;
    if (o['query'] && ((o['answers'] ?? []) as unknown[]).some(isIp)) e.dns++;
    else e.ignored++;
  }
  return e;
}

function spotCheckZeekDns(file: string, json: boolean) {
  return (db: Database.Database, importId: number) => {
    const rows = db.prepare('SELECT line, host, query, ip FROM dns_answers WHERE import_id = ? ORDER BY id').all(importId) as { line: number; host: string; query: string; ip: string }[];
    const lines = fileLines(file);
    for (const r of rows.slice(0, 5)) {
      const text = lines[r.line - 1] ?? '';
      if (json) {
        const o = JSON.parse(text) as Json;
        expect([o['id.orig_h'] ?? o['id_orig_h'], o['query']]).toEqual([r.host, r.query]);
        expect(o['answers']).toContain(r.ip);
      } else {
        const cols = text.split('\t');
        expect(cols).toContain(r.host);
        expect(cols).toContain(r.query);
        expect(text).toContain(r.ip);
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------

const ls = (dir: string, pattern: RegExp): string[] => {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? ls(path.join(dir, d.name), pattern) : pattern.test(d.name) ? [path.join(dir, d.name)] : []));
};

function corpusCases(): Case[] {
  const both = (folder: string, pattern: RegExp) => ['redistributable', 'reference-only'].flatMap((root) => ls(path.join(corpus, root, folder), pattern));
  return [
    ...both('suricata_eve', /\.json$/).map((file) => ({ file, expected: () => countEve(file), spotCheck: spotCheckEve(file) })),
    // betahydri is a German home network (CEST in June): read it in its zone; the others in UTC.
    ...both('windows_firewall', /\.log$/).map((file) => {
      const berlin = file.includes('betahydri');
      return { file, timezone: berlin ? 'Europe/Berlin' : undefined, expected: () => countFirewall(file), spotCheck: spotCheckFirewall(file, berlin ? 2 : 0) };
    }),
    ...both('zeek_dns_tsv', /\.log$/).map((file) => ({ file, expected: () => countZeekDnsTsv(file), spotCheck: spotCheckZeekDns(file, false) })),
    ...both('zeek_dns_json', /\.(log|json)$/).map((file) => ({ file, expected: () => countZeekDnsJson(file), spotCheck: spotCheckZeekDns(file, true) })),
  ];
}

const fixtureDir = path.join(repoRoot, 'test', 'fixtures');
const fixtureCases: Case[] = [
  { file: path.join(fixtureDir, 'zeek', 'lsass-dns.log'), expected: () => countZeekDnsTsv(path.join(fixtureDir, 'zeek', 'lsass-dns.log')), spotCheck: spotCheckZeekDns(path.join(fixtureDir, 'zeek', 'lsass-dns.log'), false) },
  { file: path.join(fixtureDir, 'zeek', 'lsass-dns.json'), expected: () => countZeekDnsJson(path.join(fixtureDir, 'zeek', 'lsass-dns.json')), spotCheck: spotCheckZeekDns(path.join(fixtureDir, 'zeek', 'lsass-dns.json'), true) },
  { file: path.join(fixtureDir, 'suricata', 'eve-curl-ipinfo.json'), expected: () => countEve(path.join(fixtureDir, 'suricata', 'eve-curl-ipinfo.json')), spotCheck: spotCheckEve(path.join(fixtureDir, 'suricata', 'eve-curl-ipinfo.json')) },
  ...['plaso-firewall.log', 'betahydri-pfirewall.log'].map((name) => {
    const file = path.join(fixtureDir, 'firewall', name);
    return { file, expected: () => countFirewall(file), spotCheck: spotCheckFirewall(file, 0) };
  }),
];

async function check(c: Case): Promise<void> {
  const want = c.expected();
  expect(want.rows).toBeGreaterThan(0);
  const engine = h.engine();
  const caseId = (await engine.invoke('createCase', { name: 'Conformance' })).id;
  const db = openDatabase(caseFile(engine, caseId), caseMigrations, 'case');
  try {
    const got = await importFile(db, c.file, { timezone: c.timezone });
    expect(got).toMatchObject({ status: 'imported', format: want.format, events: want.events, processes: 0, dns: want.dns, alerts: want.alerts, ignored: want.ignored, quarantined: 0 });
    expect(got.events + got.processes + got.dns + got.alerts + got.ignored + got.quarantined).toBe(want.rows);
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT COUNT(*) AS n FROM events')).toBe(want.events);
    expect(n('SELECT COUNT(DISTINCT line) AS n FROM dns_answers')).toBe(want.dns);
    expect(n('SELECT COUNT(*) AS n FROM alerts')).toBe(want.alerts);
    expect(n('SELECT COUNT(*) AS n FROM quarantine')).toBe(0);
    c.spotCheck(db, got.importId as number);
  } finally {
    db.close();
  }
}

const present = fs.existsSync(corpus);
if (!present) console.warn(`conformance-sensors: skipping the corpus files: ${fromRepo(corpus)} is absent (the shared corpus lives outside the repo)`);

describe.skipIf(!present)('sensor and firewall logs of the shared corpus (read in place)', () => {
  const cases = present ? corpusCases() : [];
  it('finds eve and firewall logs to check', () => {
    expect(cases.filter((c) => c.file.includes('suricata_eve')).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.file.includes('windows_firewall')).length).toBeGreaterThan(0);
  });
  it.each(cases.map((c) => [path.relative(corpus, c.file), c] as const))('%s: counts and values match the raw file', async (_name, c) => {
    await check(c);
  });
});

describe('sensor and firewall fixtures of the repo', () => {
  it.each(fixtureCases.map((c) => [path.relative(fixtureDir, c.file), c] as const))('%s: counts and values match the raw file', async (_name, c) => {
    await check(c);
  });
});
