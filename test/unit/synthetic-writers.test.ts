import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStixBundle } from '../../src/core/intel/feeds/stix21.js';
import { parseTweetFeedLine } from '../../src/core/intel/feeds/tweetfeed-csv.js';
import { corpusDir, fileLines, fixtures, fromRepo } from '../helpers/fixtures.js';
import { parseLines } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';
import { FileSink } from '../synthetic/file-sink.js';
import { HostSim } from '../synthetic/host-sim.js';
import { caseIocs, STIX_FILE, TWEETFEED_FILE, writeStixBundle, writeTweetFeed } from '../synthetic/intel-feed.js';
import { organisation } from '../synthetic/organisation.js';
import { PROGRAMS, programHashes } from '../synthetic/programs.js';
import { Random } from '../synthetic/random.js';
import { dnsQuery, fileCreate, networkConnect, processCreate } from '../synthetic/sysmon-writer.js';
import { connRow, dnsRow, zeekClose, zeekHeader } from '../synthetic/zeek-writer.js';
import type { Connection, DnsLookup, EventLog } from '../synthetic/types.js';

const T = Date.UTC(2026, 10, 18, 10, 4, 0, 250);
const [host] = organisation(8);
if (!host) throw new Error('no host');
const log: EventLog = { connections: [], lookups: [], processes: [], files: [] };
const sim = new HostSim(host, new Random(7), log);
sim.newLogon(T - 60_000);
const explorer = sim.start(PROGRAMS.explorer, T - 50_000, sim.proc('winlogon', T - 60_000));
const word = sim.start(PROGRAMS.winword, T, explorer, { commandLine: '"{image}" /n "C:\\Users\\{user}\\Documents\\a \\"quoted\\" name.docx"' });
const conn: Connection = {
  ts: T + 5000, host, proc: word, proto: 'tcp', srcPort: 51234, dstIp: '149.154.167.220', dstPort: 443, dstName: 'api.telegram.org', service: 'ssl',
  bytesOut: 1234, bytesIn: 486_912, duration: 2.4, sensorDelayUs: -8_000, uid: 'CAbcdefghijklmnopq', incident: null,
};
const dnsConn: Connection = { ...conn, ts: T + 4950, proc: sim.proc('svchostNet', T), proto: 'udp', srcPort: 50001, dstIp: '10.20.0.10', dstPort: 53, dstName: null, service: 'dns', bytesOut: 34, bytesIn: 96, duration: 0.012, uid: 'CDnsdnsdnsdnsdnsd' };
const lookup: DnsLookup = { ts: dnsConn.ts, host, proc: word, clientIp: host.ip, conn: dnsConn, name: 'api.telegram.org', cnames: ['alias.telegram.org'], ips: ['149.154.167.220'], ttl: 300, transId: 4242, rtt: 0.012 };

const lines = {
  1: processCreate(host, word, T + 120),
  3: networkConnect(host, word, conn, T + 5100),
  11: fileCreate(host, word, 'C:\\Users\\aturner\\AppData\\Roaming\\Microsoft\\Windows\\svch0st.exe', T + 6000, T + 6100),
  22: dnsQuery(host, word, lookup, T + 5000),
};
const parsed = Object.fromEntries(Object.entries(lines).map(([id, line]) => [id, JSON.parse(line) as Record<string, unknown>]));
const fixtureRecord = (eventId: number) => {
  const line = fileLines(fixtures.sysmonWevtutil).find((l) => (JSON.parse(l) as { EventID: number }).EventID === eventId);
  if (!line) throw new Error(`no event ${eventId} in the fixture`);
  return JSON.parse(line) as Record<string, unknown>;
};
/** The fields of event 11 in the OTRF export of the shared corpus, and the User field Sysmon 13.30 and later add. */
const EID11_FIELDS = ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'TargetFilename', 'CreationUtcTime', 'User'];
const ENVELOPE = ['SourceName', 'ProviderGuid', 'Level', 'Keywords', 'Channel', 'Hostname', 'TimeCreated', '@timestamp', 'EventID', 'Message', 'Task'];

describe('synthetic Sysmon lines have the real exports’ shape', () => {
  it.each([1, 3, 22])('event %i has the fixture’s keys in the fixture’s order', (id) => {
    expect(Object.keys(parsed[id] ?? {})).toEqual(Object.keys(fixtureRecord(id)));
  });

  it('event 11 has the envelope of the fixture and the fields of the OTRF export (plus User)', () => {
    expect(Object.keys(parsed[11] ?? {})).toEqual([...ENVELOPE, ...EID11_FIELDS]);
  });

  const otrf = path.join(corpusDir, 'redistributable', 'sysmon_json', 'otrf', 'cmd_bitsadmin_download_psh_script_2020-10-2302365189.json');
  it.skipIf(!fs.existsSync(otrf))(`event 11's fields are those of ${fromRepo(otrf)}`, () => {
    const real = fileLines(otrf).map((l) => JSON.parse(l) as Record<string, unknown>).find((o) => o.EventID === 11);
    const dataKeys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => !ENVELOPE.includes(k)).sort();
    expect(dataKeys(parsed[11] ?? {})).toEqual([...dataKeys(real ?? {}), 'User'].sort());
  });

  it.each([1, 3, 11, 22])('event %i renders its Message from its fields, in order, with CRLF', (id) => {
    const o = parsed[id] ?? {};
    const fields = Object.keys(o).slice(ENVELOPE.length);
    const title = { 1: 'Process Create:', 3: 'Network connection detected:', 11: 'File created:', 22: 'Dns query:' }[id];
    const rendered = fields.map((k) => `${k}: ${k === 'LogonId' ? `0x${String(o[k]).slice(2).toUpperCase()}` : String(o[k])}`);
    expect(o.Message).toBe([title, ...rendered].join('\r\n'));
    expect(o.Task).toBe(String(id));
  });

  it('reads back through the sysmon-json reader as the connection, process, file creation and lookup written', () => {
    const out = parseLines('sysmon-json', [lines[1], lines[3], lines[11], lines[22]]);
    expect(out.connections[0]?.event).toMatchObject({ ts: conn.ts, host: host.name, image: word.image, processGuid: word.guid, pid: word.pid, proto: 'tcp', srcIp: host.ip, srcPort: 51234, dstIp: '149.154.167.220', dstPort: 443, dstHost: 'api.telegram.org', user: 'NORTHWIND\\aturner' });
    const h = programHashes(PROGRAMS.winword);
    expect(out.processes[0]?.record).toMatchObject({
      ts: T, image: word.image, commandLine: word.commandLine, parentImage: 'C:\\Windows\\explorer.exe', integrityLevel: 'Medium', processGuid: word.guid,
      hashes: `SHA1=${h.sha1},MD5=${h.md5},SHA256=${h.sha256},IMPHASH=${h.imphash}`,
    });
    expect(word.commandLine).toContain('\\"quoted\\"');
    expect(out.dns[0]?.record).toEqual({ ts: lookup.ts, host: host.name, image: word.image, query: 'api.telegram.org', answers: ['149.154.167.220'] });
    expect(out.processes[0]?.record.parentProcessGuid).toBe(explorer.guid);
    expect(out.fileCreations).toEqual([
      {
        line: 3,
        record: {
          ts: T + 6000, host: host.name, processGuid: word.guid, pid: word.pid, image: word.image,
          targetFilename: 'C:\\Users\\aturner\\AppData\\Roaming\\Microsoft\\Windows\\svch0st.exe', creationTs: T + 6000, user: 'NORTHWIND\\aturner',
        },
      },
    ]);
    expect(out.ignored).toEqual([]);
  });

  it('gives a process the parent’s GUID and the start time in its GUID, as Sysmon does', () => {
    expect(parsed[1]?.ParentProcessGuid).toBe(explorer.guid);
    const seconds = Math.floor(T / 1000);
    const [, lo, hi] = word.guid.slice(1, -1).split('-');
    expect(parseInt(`${hi}${lo}`, 16)).toBe(seconds);
  });
});

describe('synthetic Zeek logs have the real logs’ shape', () => {
  const header = (file: string) => fileLines(file).slice(0, 8).filter((l) => !l.startsWith('#open'));
  it.each([
    ['conn', fixtures.zeekTsv],
    ['dns', path.join(path.dirname(fixtures.zeekTsv), 'lsass-dns.log')],
  ] as const)('%s.log has the fixture’s header lines', (kind, fixture) => {
    expect(zeekHeader(kind, T).split('\n').slice(0, 8).filter((l) => !l.startsWith('#open'))).toEqual(header(fixture));
    expect(zeekHeader(kind, T)).toContain('#open\t2026-11-18-10-04-00\n');
  });

  it('reads back through the Zeek readers: the sensor’s time, bytes, packets and the answers of a lookup', () => {
    const connOut = parseLines('zeek-conn-tsv', [...zeekHeader('conn', T).split('\n').slice(0, 8), connRow(conn, host.ip), connRow(dnsConn, host.ip), zeekClose(T).trim()]);
    expect(connOut.connections.map((c) => c.event)).toMatchObject([
      { ts: conn.ts - 8, srcIp: host.ip, srcPort: 51234, dstIp: '149.154.167.220', dstPort: 443, proto: 'tcp', bytesOut: 1234, bytesIn: 486_912, pktsOut: 3 + 1, pktsIn: 2 + 353, duration: 2.4, uid: conn.uid },
      { srcPort: 50001, dstIp: '10.20.0.10', dstPort: 53, proto: 'udp', pktsOut: 1, pktsIn: 1 },
    ]);
    const dnsOut = parseLines('zeek-dns-tsv', [...zeekHeader('dns', T).split('\n').slice(0, 8), dnsRow(lookup)]);
    expect(dnsOut.dns[0]?.record).toEqual({ ts: dnsConn.ts - 8, host: host.ip, image: null, query: 'api.telegram.org', answers: ['149.154.167.220'] });
    expect(dnsRow(lookup).split('\t')).toContain('alias.telegram.org,149.154.167.220');
  });
});

describe('synthetic intel feeds', () => {
  const tmp = new TempDirs();
  const start = Date.UTC(2026, 10, 16);
  const first = new Map([['ioc-ip', start + 2 * 86_400_000], ['ioc-domain', start + 2 * 86_400_000], ['ioc-cidr', start + 3 * 86_400_000], ['hash-ioc', start + 2 * 86_400_000 + 3_600_000]]);
  const iocs = caseIocs(first, new Random(3), start, 'AB'.repeat(32));
  const dir = tmp.make();
  const tf = new FileSink(dir, TWEETFEED_FILE);
  writeTweetFeed(tf, iocs);
  tf.close();
  const stix = new FileSink(dir, STIX_FILE);
  writeStixBundle(stix, iocs);
  stix.close();

  it('dates each incident’s indicator a day (and 37 minutes) before the incident', () => {
    for (const i of iocs.filter((x) => x.incident !== null)) {
      expect(Date.parse(i.reportedAt)).toBe(Math.floor(((first.get(i.incident as string) ?? 0) - 86_400_000 - 37 * 60_000) / 1000) * 1000);
    }
    expect(iocs.filter((i) => i.incident !== null).map((i) => i.type).sort()).toEqual(['cidr', 'domain', 'ipv4', 'sha256', 'url']);
  });

  it('writes TweetFeed rows the TweetFeed reader reads with their date, author and post', () => {
    const rows = fileLines(path.join(dir, 'intel', 'tweetfeed.csv'));
    const records = rows.map((l, i) => parseTweetFeedLine(l, i + 1));
    const expected = iocs.filter((i) => i.file === TWEETFEED_FILE);
    expect(records.map((r) => [r?.indicator.value, r?.seenAt, r?.author, r?.postUrl])).toEqual(expected.map((i) => [i.value, i.reportedAt, i.author, i.postUrl]));
    expect(records.find((r) => r?.indicator.value === '8.8.8.8')?.labels).toEqual(['c2']);
  });

  it('writes a STIX bundle whose CIDR indicator carries the post’s author, time, text and link', () => {
    const { records, skipped } = parseStixBundle(JSON.parse(fs.readFileSync(path.join(dir, 'intel', 'stix-bundle.json'), 'utf8')), 'stix-bundle.json');
    const cidr = iocs.find((i) => i.type === 'cidr');
    expect(skipped).toBe(0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ indicator: { type: 'cidr', value: '45.137.21.0/24' }, seenAt: cidr?.reportedAt, author: 'synth_bphunter', postUrl: cidr?.postUrl, text: cidr?.text });
  });
});
