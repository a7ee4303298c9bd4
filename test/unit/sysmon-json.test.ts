import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { sysmonJsonReader } from '../../src/core/telemetry/readers/sysmon-json.js';
import { fileLines, fixtures } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const parse = (lines: readonly string[]) => parseLines('sysmon-json', lines);

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

/**
 * Counted from the file itself: Sysmon EID 3 → connections, 1 → processes, 22 → DNS when QueryResults
 * holds a dotted IPv4 or an IPv6 address, every other line ignored.
 */
function countByEventId(lines: readonly string[]) {
  const counts = { connections: 0, processes: 0, fileCreations: 0, dns: 0, ignored: 0 };
  for (const line of lines) {
    const o = JSON.parse(line) as { SourceName?: string; EventID?: number; QueryResults?: string };
    const id = o.SourceName === 'Microsoft-Windows-Sysmon' ? o.EventID : undefined;
    const answered = (o.QueryResults ?? '').split(';').some((a) => /^(::ffff:)?\d+\.\d+\.\d+\.\d+$|^[0-9a-f]*:[0-9a-f:]+$/i.test(a));
    if (id === 3) counts.connections++;
    else if (id === 1) counts.processes++;
    else if (id === 11) counts.fileCreations++;
    else if (id === 22 && answered) counts.dns++;
    else counts.ignored++;
  }
  return counts;
}

const counted = (out: ReturnType<typeof parse>) => ({
  connections: out.connections.length,
  processes: out.processes.length,
  fileCreations: out.fileCreations.length,
  dns: out.dns.length,
  ignored: out.ignored.length,
});

describe('sysmon-json reader on the real wevtutil export (EID 1, 3 and 22)', () => {
  const lines = fileLines(fixtures.sysmonWevtutil);
  const out = parse(lines);

  it('turns EID 3 into connections, EID 1 into processes and EID 22 into DNS records', () => {
    expect(counted(out)).toEqual(countByEventId(lines));
    const failedLookups = lines.filter((l) => l.includes('"QueryResults":"-"')).length;
    expect(failedLookups).toBeGreaterThan(0);
    expect(counted(out)).toEqual({ connections: 112, processes: 31, fileCreations: 0, dns: 31 - failedLookups, ignored: failedLookups });
  });

  it('reads the DNS answer of line 5 (two CNAMEs, one address) and the ::ffff: answer of line 28', () => {
    expect(out.dns[0]).toEqual({
      line: 5,
      record: {
        ts: Date.UTC(2022, 6, 1, 5, 42, 37, 879),
        host: 'DESKTOP-CQF82L6',
        image: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
        query: 'ntp.msn.com',
        answers: ['204.79.197.203'],
      },
    });
    const mapped = out.dns.find((d) => d.line === 28);
    expect(mapped?.record.answers).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)]));
    expect(mapped?.record.answers.some((a) => a.includes('::ffff:'))).toBe(false);
  });

  it('ignores failed queries (QueryResults "-", line 7): they name no destination', () => {
    expect(out.ignored).toContain(7);
    expect(out.dns.every((d) => d.record.answers.length > 0)).toBe(true);
  });

  it('normalises the first EID 3 (line 8)', () => {
    expect(out.connections[0]).toEqual({
      line: 8,
      event: {
        ts: Date.UTC(2022, 6, 1, 5, 42, 38, 78),
        host: 'DESKTOP-CQF82L6',
        user: 'NT AUTHORITY\\NETWORK SERVICE',
        image: 'C:\\Windows\\System32\\svchost.exe',
        pid: 1948,
        processGuid: '{01e2a015-d09d-62bd-3200-000000000700}',
        proto: 'udp',
        srcIp: '10.0.10.102',
        srcPort: 60946,
        dstIp: '10.0.10.10',
        dstPort: 53,
        dstHost: null,
        initiated: true,
        bytesOut: null,
        bytesIn: null,
        pktsOut: null,
        pktsIn: null,
        duration: null,
        uid: null,
      },
    });
  });

  it('turns the EID 1 on line 1 into a process record', () => {
    expect(out.processes[0]).toEqual({
      line: 1,
      record: {
        ts: Date.UTC(2022, 6, 5, 21, 0, 36, 701),
        host: 'DESKTOP-CQF82L6',
        processGuid: '{01e2a015-a674-62c4-9d07-000000000700}',
        pid: 9020,
        image: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
        commandLine: expect.stringContaining('--type=renderer'),
        user: 'DESKTOP-CQF82L6\\pedro',
        parentImage: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
        parentProcessGuid: '{01e2a015-a66b-62c4-9407-000000000700}',
        parentCommandLine: '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --no-startup-window /prefetch:5',
        hashes: 'SHA1=5E59A39774D1CB3CE0DE1B2CE3AD7937D5781BCC,MD5=C44E9B2D5143B2CB2018760736CC8158,SHA256=0F8BD0FBC1D6BE6647EACC4DD43CE31946D2030E7483B958D5082297885ACB55,IMPHASH=7BA3ECF05DE3D46FFCF8A9392F51B911',
        integrityLevel: 'Low',
      },
    });
  });
});

describe('sysmon-json reader on the real bitsadmin export (Security and other channels mixed in)', () => {
  const lines = fileLines(fixtures.sysmonBitsadmin);
  const out = parse(lines);

  it('ignores the Security-channel first line and every other non-Sysmon-1/3/11/22 record', () => {
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ Channel: 'Security', EventID: 1102 });
    expect(out.ignored[0]).toBe(1);
    // Line 24 is a Security 5156 (Windows Filtering Platform connection): not a Sysmon connection.
    expect(out.ignored).toContain(24);
    expect(counted(out)).toEqual(countByEventId(lines));
    expect([out.connections.length, out.processes.length, out.fileCreations.length]).toEqual([8, 2, 6]);
  });

  it('reads the file creations (EID 11): the writer, the target, both times, the GUID; and each process creation\'s ParentProcessGuid', () => {
    // Line 120: BITS (svchost, the process bitsadmin asked) writes the download to a temp file.
    const line = lines.findIndex((l) => l.includes('BIT9584.tmp')) + 1;
    expect(out.fileCreations.find((f) => f.line === line)).toEqual({
      line,
      record: {
        ts: Date.UTC(2020, 9, 23, 6, 36, 44, 280),
        host: 'WORKSTATION5',
        processGuid: '{39e4a257-79fb-5f92-7217-000000000700}',
        pid: 4696,
        image: 'C:\\windows\\System32\\svchost.exe',
        targetFilename: 'C:\\Users\\wardog\\AppData\\Local\\Temp\\BIT9584.tmp',
        creationTs: Date.UTC(2020, 9, 23, 6, 36, 44, 280),
        user: null,
      },
    });
    // Overwritten prefetch file: created on 2020-10-08, written again on 2020-10-23.
    expect(out.fileCreations[0]?.record).toMatchObject({ ts: Date.UTC(2020, 9, 23, 6, 36, 41, 780), creationTs: Date.UTC(2020, 9, 8, 6, 50, 8, 31), image: 'C:\\windows\\system32\\svchost.exe' });
    expect(out.processes.map((p) => [p.record.processGuid, p.record.parentProcessGuid])).toEqual([
      ['{39e4a257-79fb-5f92-7117-000000000700}', '{39e4a257-79ed-5f92-6e17-000000000700}'],
      ['{39e4a257-79fb-5f92-7217-000000000700}', '{39e4a257-f131-5f8b-0b00-000000000700}'],
    ]);
  });

  it('reads the bitsadmin process creation (line 118) and the first connection (line 375)', () => {
    expect(out.processes[0]).toMatchObject({
      line: 118,
      record: { host: 'WORKSTATION5', image: 'C:\\Windows\\System32\\bitsadmin.exe', pid: 9260, parentImage: 'C:\\Windows\\System32\\cmd.exe', integrityLevel: 'High' },
    });
    expect(out.connections[0]).toMatchObject({
      line: 375,
      event: { ts: Date.UTC(2020, 9, 23, 6, 36, 42, 306), srcIp: '192.168.2.5', srcPort: 61628, dstIp: '239.255.255.250', dstPort: 1900, initiated: true },
    });
  });

  it('writes the expanded IPv6 loopback 0:0:0:0:0:0:0:1 as ::1', () => {
    const v6 = out.connections.filter((c) => c.event.dstPort === 5985);
    expect(v6).toHaveLength(4);
    expect(new Set(v6.map((c) => c.event.dstIp))).toEqual(new Set(['::1']));
  });

  it('sniffs the export as Sysmon JSON although its first line is a Security event', () => {
    expect(sysmonJsonReader.sniff(lines.slice(0, 5).join('\n'))).toBe(true);
  });
});

describe('sysmon-json reader rules', () => {
  const eid3 = {
    SourceName: 'Microsoft-Windows-Sysmon',
    EventID: 3,
    Hostname: 'HOST1',
    UtcTime: '2024-01-02 03:04:05.678',
    Image: 'C:\\x.exe',
    ProcessId: '42',
    Protocol: 'tcp',
    Initiated: 'false',
    SourceIp: '::ffff:10.1.1.1',
    SourcePort: '50000',
    DestinationIp: '93.184.216.34',
    DestinationPort: '443',
    DestinationHostname: 'example.org',
  };
  const line = (o: Record<string, unknown>) => JSON.stringify(o);

  it('reads Channel or ProviderName when SourceName is absent, and Computer for Hostname', () => {
    const { SourceName: _omit, Hostname: _h, ...rest } = eid3;
    const out = parse([line({ ...rest, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'PC2' }), line({ ...rest, ProviderName: 'Microsoft-Windows-Sysmon', Hostname: 'PC3' })]);
    expect(out.connections.map((c) => c.event.host)).toEqual(['PC2', 'PC3']);
    expect(out.connections[0]?.event).toMatchObject({ srcIp: '10.1.1.1', initiated: false, dstHost: 'example.org', pid: 42, ts: Date.UTC(2024, 0, 2, 3, 4, 5, 678) });
  });

  it('ignores Sysmon events other than 1, 3 and 22, a Security 5156 with the same fields, and a record of no channel', () => {
    const { SourceName: _omit, ...noSource } = eid3;
    const out = parse([line({ ...eid3, EventID: 5 }), line({ ...eid3, SourceName: 'Microsoft-Windows-Security-Auditing', EventID: 3 }), '   ', line(noSource)]);
    expect(out.ignored).toEqual([1, 2, 4]);
    expect(out.connections).toEqual([]);
  });

  it('reads EID 22 with its answers', () => {
    const out = parse([line({ ...eid3, EventID: 22, QueryName: 'example.org', QueryResults: 'type:  5 a.example;::ffff:93.184.216.34;2606:2800:220:1:248:1893:25c8:1946;' })]);
    expect(out.dns[0]?.record).toMatchObject({ host: 'HOST1', query: 'example.org', answers: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'], image: 'C:\\x.exe' });
  });

  it('does not claim Winlogbeat documents (sysmon-ecs-json reads those)', () => {
    expect(sysmonJsonReader.sniff(JSON.stringify({ EventID: 3, Channel: 'x', winlog: { event_id: 3 } }))).toBe(false);
    expect(sysmonJsonReader.sniff(line(eid3))).toBe(true);
  });

  it('names the field of a bad IP, port, time or a missing host or image', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...eid3, DestinationIp: '10.0.0.300' }, 'DestinationIp'],
      [{ ...eid3, SourceIp: 'localhost' }, 'SourceIp'],
      [{ ...eid3, DestinationPort: 'https' }, 'DestinationPort'],
      [{ ...eid3, UtcTime: 'later' }, 'UtcTime'],
      [{ ...eid3, Hostname: undefined }, 'Hostname'],
      [{ ...eid3, EventID: 1, Image: undefined }, 'Image'],
      [{ ...eid3, EventID: 22, QueryResults: '93.184.216.34;' }, 'QueryName'],
      [{ ...eid3, EventID: 'three' }, 'EventID'],
    ];
    for (const [record, field] of cases) {
      expect(malformed(() => parse([line(record)])).location, field).toEqual({ line: 1, field });
    }
  });

  it('names the line of invalid JSON', () => {
    expect(malformed(() => parse([line(eid3), line(eid3).slice(0, 40)])).location).toEqual({ line: 2 });
  });
});
