import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sysmonCsvReader } from '../../src/core/telemetry/readers/sysmon-csv.js';
import { emitXmlEvent, sysmonXmlReader } from '../../src/core/telemetry/readers/sysmon-xml.js';
import type { FileCreateRecord } from '../../src/core/telemetry/records.js';
import { fileLines, fixtures } from '../helpers/fixtures.js';
import { collectingSink, parseLines } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/**
 * Sysmon event 11 (file created) through every Sysmon dialect: the six real
 * events of the OTRF bitsadmin export, written as each shipper writes them,
 * must come out as the flat JSON reader reads them. (The EVTX reader renders
 * each record to the same XML and hands it to emitXmlEvent, tested here.)
 */

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

interface Eid11 {
  Hostname: string;
  EventID: number;
  UtcTime: string;
  ProcessGuid: string;
  ProcessId: string;
  Image: string;
  TargetFilename: string;
  CreationUtcTime: string;
  RuleName: string;
}

const lines = fileLines(fixtures.sysmonBitsadmin);
const real = lines.map((l) => JSON.parse(l) as Eid11 & { SourceName?: string }).filter((o) => o.SourceName === 'Microsoft-Windows-Sysmon' && o.EventID === 11);
const reference = parseLines('sysmon-json', lines).fileCreations.map((f) => f.record);

const DATA = ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'TargetFilename', 'CreationUtcTime'] as const;
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
const eventXml = (o: Eid11, data: Record<string, string> = o as unknown as Record<string, string>) =>
  `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>` +
  `<EventID>11</EventID><Version>2</Version><TimeCreated SystemTime='${o.UtcTime.replace(' ', 'T')}0000Z'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel>` +
  `<Computer>${o.Hostname}</Computer><Security UserID='S-1-5-18'/></System><EventData>` +
  Object.entries(data)
    .filter(([k]) => (DATA as readonly string[]).includes(k) || k === 'User')
    .map(([k, v]) => `<Data Name='${k}'>${xmlText(v)}</Data>`)
    .join('') +
  '</EventData></Event>';

/** Winlogbeat 8's sysmon module: UtcTime to @timestamp, the GUID, pid, image and target to ECS (winlogbeat-sysmon.js, event 11). */
const moduleDoc = (o: Eid11) => ({
  '@timestamp': `${o.UtcTime.replace(' ', 'T')}Z`,
  event: { code: '11', kind: 'event', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon', category: ['file'], type: ['creation'] },
  host: { name: o.Hostname.toLowerCase() },
  process: { entity_id: o.ProcessGuid, pid: Number(o.ProcessId), executable: o.Image, name: o.Image.split('\\').at(-1) },
  file: { path: o.TargetFilename },
  winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', computer_name: o.Hostname, event_id: '11', provider_name: 'Microsoft-Windows-Sysmon', event_data: { RuleName: o.RuleName, CreationUtcTime: o.CreationUtcTime } },
});

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe('Sysmon event 11 in every dialect', () => {
  it('the OTRF export holds six file creations by three writers', () => {
    expect(reference).toHaveLength(6);
    expect(new Set(reference.map((r) => r.image))).toEqual(new Set(['C:\\windows\\system32\\svchost.exe', 'System', 'C:\\windows\\System32\\svchost.exe']));
  });

  it('wevtutil XML (one line, <Events>) reads as the flat JSON', async () => {
    const file = tmp.file('eid11.xml', `<Events>${real.map((o) => eventXml(o)).join('')}</Events>\r\n`);
    const { sink, collected } = collectingSink();
    await sysmonXmlReader.create({ timezone: 'UTC' }).read(file, sink, { onChunk: () => {}, onBytes: () => {}, onBadRecord: (err) => { throw err; } });
    expect(collected.fileCreations.map((f) => f.record)).toEqual(reference);
    expect(collected.fileCreations.map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('Winlogbeat 8 sysmon-module documents (fields moved to ECS) read as the flat JSON', () => {
    const out = parseLines('sysmon-ecs-json', real.map((o) => JSON.stringify(moduleDoc(o))));
    expect(out.fileCreations.map((f) => f.record)).toEqual(reference);
  });

  it('Elasticsearch hits of raw Winlogbeat 7 documents read as the flat JSON', () => {
    const hit = (o: Eid11) => ({
      _index: 'winlogbeat-7.17.8',
      _source: {
        '@timestamp': `${o.UtcTime.replace(' ', 'T')}Z`,
        winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', computer_name: o.Hostname, event_id: 11, provider_name: 'Microsoft-Windows-Sysmon', event_data: Object.fromEntries(DATA.map((k) => [k, o[k]])) },
      },
    });
    const out = parseLines('sysmon-ecs-json', real.map((o) => JSON.stringify(hit(o))));
    expect(out.fileCreations.map((f) => f.record)).toEqual(reference);
  });

  it('a Splunk CSV of only file creations is sniffed as Sysmon and reads as the flat JSON', () => {
    const header = ['_time', 'source', 'EventCode', 'Computer', ...DATA];
    const rows = real.map((o) => [`${o.UtcTime.replace(' ', 'T')}+00:00`, 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', '11', o.Hostname, ...DATA.map((k) => o[k])]);
    const csv = [header, ...rows].map((r) => r.map(csvField).join(','));
    expect(sysmonCsvReader.sniff(csv.join('\n'))).toBe(true);
    expect(parseLines('sysmon-csv', csv).fileCreations.map((f) => f.record)).toEqual(reference);
  });

  it('a Kibana CSV of the module\'s ECS columns reads as the flat JSON', () => {
    const header = ['@timestamp', 'host.name', 'winlog.channel', 'winlog.event_id', 'process.executable', 'process.pid', 'process.entity_id', 'file.path', 'winlog.event_data.CreationUtcTime', 'winlog.event_data.UtcTime'];
    const rows = real.map((o) => [`${o.UtcTime.replace(' ', 'T')}Z`, o.Hostname, 'Microsoft-Windows-Sysmon/Operational', '11', o.Image, o.ProcessId, o.ProcessGuid, o.TargetFilename, o.CreationUtcTime, o.UtcTime]);
    const csv = [header, ...rows].map((r) => r.map(csvField).join(','));
    expect(sysmonCsvReader.sniff(csv.join('\n'))).toBe(true);
    expect(parseLines('sysmon-csv', csv).fileCreations.map((f) => f.record)).toEqual(reference);
  });

  it('keeps hostile names as text: markup, entities, bidi controls and quotes arrive verbatim', () => {
    const o = real[0] as Eid11;
    const target = `C:\\Users\\a\\Downloads\\invoice\u202Efdp.exe<script>alert(1)</script>&amp;'"`;
    const { sink, collected } = collectingSink();
    emitXmlEvent(eventXml(o, { ...Object.fromEntries(DATA.map((k) => [k, o[k]])), TargetFilename: target, User: 'CORP\\<b>eve</b>' }), 4, sink);
    const json = parseLines('sysmon-json', [JSON.stringify({ ...o, SourceName: 'Microsoft-Windows-Sysmon', TargetFilename: target })]);
    const expected: Partial<FileCreateRecord> = { targetFilename: target };
    expect(collected.fileCreations[0]?.record).toMatchObject({ ...expected, user: 'CORP\\<b>eve</b>' });
    expect(json.fileCreations[0]?.record).toMatchObject(expected);
    expect(crypto.createHash('sha256').update(collected.fileCreations[0]?.record.targetFilename ?? '').digest('hex')).toBe(crypto.createHash('sha256').update(target).digest('hex'));
  });

  it('quarantines a file creation without a target, naming the field as the dialect writes it', () => {
    const o = real[0] as Eid11;
    const { TargetFilename: _t, ...rest } = o;
    const json = parseLines('sysmon-json', [JSON.stringify({ ...rest, SourceName: 'Microsoft-Windows-Sysmon' })], { quarantine: true });
    expect(json.quarantined).toEqual([{ line: 1, reason: 'the file creation has no TargetFilename', field: 'TargetFilename' }]);
    const { file: _f, ...noPath } = moduleDoc(o);
    const ecs = parseLines('sysmon-ecs-json', [JSON.stringify(noPath)], { quarantine: true });
    expect(ecs.quarantined).toEqual([{ line: 1, reason: 'the file creation has no TargetFilename', field: 'winlog.event_data.TargetFilename' }]);
  });
});
