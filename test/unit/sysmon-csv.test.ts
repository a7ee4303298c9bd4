import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { exportTime, sysmonCsvReader } from '../../src/core/telemetry/readers/sysmon-csv.js';
import { fileLines, fixtures } from '../helpers/fixtures.js';
import { parseLines, thrown, type Collected } from '../helpers/sink.js';

const dir = path.dirname(fixtures.sysmonWevtutil);
/** A Splunk export of the OTRF events re-saved by Excel: BOM, CRLF, multi-line Message fields. */
const splunkFile = path.join(dir, 'splunk-sysmon.csv');
/** Kibana's Discover CSV of the same events as Winlogbeat's sysmon module stores them (ECS names). */
const kibanaFile = path.join(dir, 'kibana-discover.csv');

const parse = (lines: readonly string[], timezone = 'UTC') => parseLines('sysmon-csv', lines, { timezone });
const records = (out: Collected) => ({
  connections: out.connections.map((c) => c.event),
  processes: out.processes.map((p) => p.record),
  dns: out.dns.map((d) => d.record),
  ignored: out.ignored.length,
});

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

describe('sysmon-csv on exports of the OTRF events', () => {
  // Neither export has a ParentProcessGuid column (process.parent.entity_id in ECS).
  const flat = records(parseLines('sysmon-json', fileLines(fixtures.sysmonWevtutil)));
  const reference = { ...flat, processes: flat.processes.map((p) => ({ ...p, parentProcessGuid: null })) };

  it('reads the Splunk export (BOM, CRLF, quoted multi-line fields) exactly as the flat JSON', () => {
    const raw = fs.readFileSync(splunkFile, 'utf8');
    expect(raw.startsWith('\uFEFF_time,')).toBe(true);
    expect(raw).toContain('\r\n');
    const lines = fileLines(splunkFile);
    const out = parse(lines);
    expect(records(out)).toEqual(reference);
    // A row is numbered by the line it starts on; Message spans lines, so rows are far apart.
    const second = lines.findIndex((l) => l.startsWith('2022-07-05T21:00:36.911')) + 1;
    expect(second).toBeGreaterThan(20);
    expect(out.processes[1]?.line).toBe(second);
  });

  it('reads a header line that still carries the BOM', () => {
    const lines = fileLines(splunkFile);
    expect(records(parse([`\uFEFF${lines[0] ?? ''}`, ...lines.slice(1)]))).toEqual(reference);
  });

  it('reads the Kibana export: ECS columns, "Jul 1, 2022 @ 05:42:38.078" times, "60,946" ports, joined answer lists', () => {
    const out = parse(fileLines(kibanaFile));
    // The export has no ParentCommandLine or Hashes column.
    const expected = { ...reference, processes: reference.processes.map((p) => ({ ...p, parentCommandLine: null, hashes: null })) };
    expect(records(out)).toEqual(expected);
  });

  it('is sniffed from either header, BOM removed as the import does', () => {
    for (const file of [splunkFile, kibanaFile]) expect(sysmonCsvReader.sniff(fileLines(file).slice(0, 5).join('\n')), file).toBe(true);
  });
});

describe('sysmon-csv sniffing leaves other CSVs alone', () => {
  it.each([
    ['a generic connection CSV', 'time,src_ip,dst_ip,dst_port\n2024-01-01,10.0.0.1,10.0.0.2,443'],
    ['an event id without Sysmon fields', 'EventID,Message,Computer\n4624,An account was logged on,PC1'],
    ['Sysmon fields without an event id', 'UtcTime,Image,DestinationIp\n2024-01-01 00:00:00.000,C:\\x.exe,1.2.3.4'],
    ['ECS names without winlog columns', 'event.code,source.ip,destination.ip,process.executable\n3,1.1.1.1,2.2.2.2,x'],
    ['nfdump CSV', 'ts,te,td,sa,da,sp,dp,pr,flg'],
    ['JSON', '{"EventID":3,"Image":"x","UtcTime":"y"}'],
  ])('%s', (_label, head) => {
    expect(sysmonCsvReader.sniff(head)).toBe(false);
  });
});

describe('sysmon-csv rules', () => {
  const header = 'EventID,Computer,UtcTime,Image,ProcessId,CommandLine,Protocol,Initiated,SourceIp,SourcePort,DestinationIp,DestinationPort';
  const row = (over: Partial<Record<string, string>> = {}) => {
    const v = { EventID: '3', Computer: 'PC1', UtcTime: '2024-01-02 03:04:05.678', Image: 'C:\\x.exe', ProcessId: '42', CommandLine: '', Protocol: 'tcp', Initiated: 'true', SourceIp: '10.0.0.5', SourcePort: '50000', DestinationIp: '93.184.216.34', DestinationPort: '443', ...over };
    return header.split(',').map((k) => v[k as keyof typeof v] ?? '').join(',');
  };

  it('joins a quoted CommandLine holding commas, quotes and line breaks, and numbers rows by their first line', () => {
    const out = parse([header, `1,PC1,2024-01-02 03:04:05.678,C:\\x.exe,7,"""C:\\x.exe"" -a 1,2`, `-b ""q""`, `",,,,,,`, row()]);
    expect(out.processes).toEqual([expect.objectContaining({ line: 2, record: expect.objectContaining({ commandLine: '"C:\\x.exe" -a 1,2\n-b "q"\n', pid: 7 }) })]);
    expect(out.connections[0]?.line).toBe(5);
  });

  it('reads tab-separated exports and ignores blank lines', () => {
    const tsv = (l: string) => l.split(',').join('\t');
    const out = parse([tsv(header), '', tsv(row()), '   ']);
    expect(out.connections[0]?.event).toMatchObject({ host: 'PC1', pid: 42, srcIp: '10.0.0.5', dstPort: 443, initiated: true });
  });

  it('ignores rows of other channels when the export has a channel column, and assumes Sysmon without one', () => {
    const withSource = `source,${header}`;
    const out = parse([withSource, `WinEventLog:Security,${row()}`, `XmlWinEventLog:Microsoft-Windows-Sysmon/Operational,${row()}`, `,${row()}`]);
    expect(out.ignored).toEqual([2]);
    expect(out.connections.map((c) => c.line)).toEqual([3, 4]);
    expect(parse([header, row({ EventID: '5' })]).ignored).toEqual([2]);
  });

  it('needs a header: a preamble line is quarantined and the next line is tried', () => {
    const out = parseLines('sysmon-csv', ['Exported by SIEM at 10:00', header, row()], { quarantine: true });
    expect(out.quarantined).toEqual([expect.objectContaining({ line: 1, field: 'EventID' })]);
    expect(out.connections).toHaveLength(1);
  });

  it('names line and field of bad rows, and fails a file that ends inside a quoted field', () => {
    expect(malformed(() => parse([header, row(), row({ DestinationIp: 'nowhere' })])).location).toEqual({ line: 3, field: 'DestinationIp' });
    expect(malformed(() => parse([header, row({ Computer: '' })])).location).toEqual({ line: 2, field: 'Computer' });
    expect(malformed(() => parse([header, `${row()},extra`])).location).toEqual({ line: 2 });
    expect(malformed(() => parse([header, row({ CommandLine: '"never closed' })])).location).toEqual({ line: 2 });
  });

  it('keeps reading after a bad row', () => {
    const out = parseLines('sysmon-csv', [header, row({ SourcePort: 'x' }), row()], { quarantine: true });
    expect(out.quarantined).toEqual([expect.objectContaining({ line: 2, field: 'SourcePort' })]);
    expect(out.connections.map((c) => c.line)).toEqual([3]);
  });

  it('reads Kibana times in the import time zone, and ISO or epoch times as written', () => {
    expect(exportTime('Jul 1, 2022 @ 07:42:38.078', 'Europe/Berlin')).toBe(Date.UTC(2022, 6, 1, 5, 42, 38, 78));
    expect(exportTime('Jul 1, 2022 @ 05:42:38.078', 'UTC')).toBe(Date.UTC(2022, 6, 1, 5, 42, 38, 78));
    expect(exportTime('2022-07-01T05:42:38.078+00:00', 'Europe/Berlin')).toBe(Date.UTC(2022, 6, 1, 5, 42, 38, 78));
    expect(exportTime('Feb 30, 2022 @ 05:42:38.078', 'UTC')).toBeNaN();
    expect(exportTime('Foo 1, 2022 @ 05:42:38.078', 'UTC')).toBeNaN();
  });
});
