import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { emitSysmonEvent, isSysmonSource, queryAnswers, type SysmonEvent, type SysmonFieldNames } from '../../src/core/telemetry/readers/sysmon-event.js';
import { collectingSink, thrown } from '../helpers/sink.js';

function emit(envelope: Omit<SysmonEvent, 'data'>, data: Record<string, string>, names?: SysmonFieldNames) {
  const { sink, collected } = collectingSink();
  emitSysmonEvent({ ...envelope, data: (name) => data[name] }, 7, sink, names);
  return collected;
}

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

const udpOut = {
  UtcTime: '2022-07-01 05:42:38.078',
  ProcessGuid: '{01e2a015-d09d-62bd-3200-000000000700}',
  ProcessId: '1948',
  Image: 'C:\\Windows\\System32\\svchost.exe',
  User: 'NT AUTHORITY\\NETWORK SERVICE',
  Protocol: 'udp',
  Initiated: 'false',
  SourceIp: '10.0.10.102',
  SourcePort: '60946',
  DestinationIp: '10.0.10.10',
  DestinationHostname: '-',
  DestinationPort: '53',
};

describe('emitSysmonEvent', () => {
  it('keeps Source and Destination as logged when Initiated is false (Sysmon says so for outbound UDP)', () => {
    const out = emit({ eventId: 3, host: 'PC1' }, udpOut);
    expect(out.connections).toEqual([
      {
        line: 7,
        event: {
          ts: Date.UTC(2022, 6, 1, 5, 42, 38, 78),
          host: 'PC1',
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
          initiated: false,
          bytesOut: null,
          bytesIn: null,
          pktsOut: null,
          pktsIn: null,
          duration: null,
          uid: null,
        },
      },
    ]);
  });

  it('reads the event id as a number or as digits, and ignores every id but 1, 3, 11 and 22', () => {
    expect(emit({ eventId: '3', host: 'PC1' }, udpOut).connections).toHaveLength(1);
    for (const id of [5, '10', 255]) expect(emit({ eventId: id, host: 'PC1' }, udpOut).ignored).toEqual([7]);
  });

  it('turns event 1 into a process record', () => {
    const out = emit(
      { eventId: 1, host: 'PC1' },
      { UtcTime: '2022-07-05 21:00:36.701', ProcessId: '9020', Image: 'C:\\a.exe', CommandLine: '"C:\\a.exe" -x', ParentImage: 'C:\\b.exe', Hashes: 'MD5=AA', IntegrityLevel: 'Low' },
    );
    expect(out.processes[0]?.record).toEqual({
      ts: Date.UTC(2022, 6, 5, 21, 0, 36, 701),
      host: 'PC1',
      processGuid: null,
      pid: 9020,
      image: 'C:\\a.exe',
      commandLine: '"C:\\a.exe" -x',
      user: null,
      parentImage: 'C:\\b.exe',
      parentCommandLine: null,
      hashes: 'MD5=AA',
      integrityLevel: 'Low',
      parentProcessGuid: null,
    });
    const withParent = emit({ eventId: 1, host: 'PC1' }, { UtcTime: '2022-07-05 21:00:36.701', Image: 'C:\\a.exe', ParentProcessGuid: '{01e2a015-a66b-62c4-9407-000000000700}' });
    expect(withParent.processes[0]?.record.parentProcessGuid).toBe('{01e2a015-a66b-62c4-9407-000000000700}');
  });

  it('turns event 11 into a file creation: the writer, the file, when it was written and when it was first created', () => {
    // Fields as the OTRF bitsadmin export (test/fixtures/sysmon/bitsadmin-mixed-channels.json) writes them.
    const out = emit(
      { eventId: '11', host: 'WORKSTATION5' },
      {
        RuleName: '-',
        UtcTime: '2020-10-23 06:36:41.780',
        ProcessGuid: '{39e4a257-f133-5f8b-3100-000000000700}',
        ProcessId: '1556',
        Image: 'C:\\windows\\system32\\svchost.exe',
        TargetFilename: 'C:\\Windows\\Prefetch\\BACKGROUNDTASKHOST.EXE-A4F5A8B5.pf',
        CreationUtcTime: '2020-10-08 06:50:08.031',
        User: 'NT AUTHORITY\\SYSTEM',
      },
    );
    expect(out.fileCreations).toEqual([
      {
        line: 7,
        record: {
          ts: Date.UTC(2020, 9, 23, 6, 36, 41, 780),
          host: 'WORKSTATION5',
          processGuid: '{39e4a257-f133-5f8b-3100-000000000700}',
          pid: 1556,
          image: 'C:\\windows\\system32\\svchost.exe',
          targetFilename: 'C:\\Windows\\Prefetch\\BACKGROUNDTASKHOST.EXE-A4F5A8B5.pf',
          creationTs: Date.UTC(2020, 9, 8, 6, 50, 8, 31),
          user: 'NT AUTHORITY\\SYSTEM',
        },
      },
    ]);
    // Older Sysmon versions write neither User nor, on some shippers, CreationUtcTime.
    const bare = emit({ eventId: 11, host: 'PC1' }, { UtcTime: '2020-10-23 06:36:41.780', TargetFilename: 'C:\\x.exe', CreationUtcTime: '-' });
    expect(bare.fileCreations[0]?.record).toMatchObject({ image: null, processGuid: null, pid: null, creationTs: null, user: null, targetFilename: 'C:\\x.exe' });
  });

  it('turns event 22 into a DNS record with only the addresses of QueryResults', () => {
    const out = emit(
      { eventId: 22, host: 'PC1' },
      { UtcTime: '2022-07-01 05:42:37.879', QueryName: 'edge.microsoft.com', QueryResults: 'type:  5 edge.microsoft.com;::ffff:13.107.21.200;13.107.21.200;', Image: 'C:\\e.exe' },
    );
    expect(out.dns).toEqual([{ line: 7, record: { ts: Date.UTC(2022, 6, 1, 5, 42, 37, 879), host: 'PC1', image: 'C:\\e.exe', query: 'edge.microsoft.com', answers: ['13.107.21.200'] } }]);
  });

  it('ignores a failed query (QueryResults "-") and a CNAME-only answer: they name no destination', () => {
    const failed = emit({ eventId: 22, host: 'PC1' }, { UtcTime: '2022-07-01 05:42:37.879', QueryName: 'wpad', QueryStatus: '9003', QueryResults: '-' });
    const cname = emit({ eventId: 22, host: 'PC1' }, { UtcTime: '2022-07-01 05:42:37.879', QueryName: 'a.example', QueryResults: 'type:  5 b.example;' });
    expect([failed.ignored, failed.dns, cname.ignored, cname.dns]).toEqual([[7], [], [7], []]);
  });

  it('falls back to the envelope time only when UtcTime is absent', () => {
    const { UtcTime: _omit, ...noUtc } = udpOut;
    expect(emit({ eventId: 3, host: 'PC1', time: '2024-01-02T03:04:05.678Z' }, noUtc).connections[0]?.event.ts).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(emit({ eventId: 3, host: 'PC1', time: 1700000000000 }, noUtc).connections[0]?.event.ts).toBe(1700000000000);
    expect(emit({ eventId: 3, host: 'PC1', time: '2024-01-02T03:04:05Z' }, udpOut).connections[0]?.event.ts).toBe(Date.UTC(2022, 6, 1, 5, 42, 38, 78));
  });

  it('names the line and the field the format calls it', () => {
    const names: SysmonFieldNames = { eventId: 'winlog.event_id', host: 'winlog.computer_name', time: '@timestamp', data: (n) => `winlog.event_data.${n}` };
    const { UtcTime: _omit, ...noUtc } = udpOut;
    const cases: [Omit<SysmonEvent, 'data'>, Record<string, string>, string][] = [
      [{ eventId: 'three', host: 'PC1' }, udpOut, 'winlog.event_id'],
      [{ eventId: 3, host: '' }, udpOut, 'winlog.computer_name'],
      [{ eventId: 3, host: 'PC1' }, { ...udpOut, DestinationIp: '10.0.0.300' }, 'winlog.event_data.DestinationIp'],
      [{ eventId: 3, host: 'PC1' }, { ...udpOut, SourcePort: 'http' }, 'winlog.event_data.SourcePort'],
      [{ eventId: 3, host: 'PC1' }, { ...udpOut, UtcTime: 'yesterday' }, 'winlog.event_data.UtcTime'],
      [{ eventId: 3, host: 'PC1', time: 'soon' }, noUtc, '@timestamp'],
      [{ eventId: 3, host: 'PC1' }, noUtc, 'winlog.event_data.UtcTime'],
      [{ eventId: 1, host: 'PC1' }, { UtcTime: udpOut.UtcTime }, 'winlog.event_data.Image'],
      [{ eventId: 22, host: 'PC1' }, { UtcTime: udpOut.UtcTime, QueryName: '-', QueryResults: '1.2.3.4;' }, 'winlog.event_data.QueryName'],
      [{ eventId: 11, host: 'PC1' }, { UtcTime: udpOut.UtcTime, Image: 'C:\\a.exe' }, 'winlog.event_data.TargetFilename'],
      [{ eventId: 11, host: 'PC1' }, { UtcTime: udpOut.UtcTime, TargetFilename: 'C:\\a.exe', CreationUtcTime: 'long ago' }, 'winlog.event_data.CreationUtcTime'],
      [{ eventId: 11, host: 'PC1' }, { UtcTime: udpOut.UtcTime, TargetFilename: 'C:\\a.exe', CreationUtcTime: '2200-01-01 00:00:00.000' }, 'winlog.event_data.CreationUtcTime'],
      [{ eventId: 11, host: 'PC1' }, { UtcTime: udpOut.UtcTime, TargetFilename: 'C:\\a.exe', ProcessId: '-4' }, 'winlog.event_data.ProcessId'],
    ];
    for (const [envelope, data, field] of cases) {
      expect(malformed(() => emit(envelope, data, names)).location, field).toEqual({ line: 7, field });
    }
  });
});

describe('queryAnswers', () => {
  it('keeps IPv4 and IPv6 addresses, unmaps ::ffff:, drops CNAMEs and repeats', () => {
    expect(queryAnswers('type:  5 a.example;::ffff:192.168.1.4;fe80::5d91:ea18:e2b5:9755;192.168.1.4;')).toEqual(['192.168.1.4', 'fe80::5d91:ea18:e2b5:9755']);
    expect(queryAnswers('::1;::ffff:127.0.0.1;')).toEqual(['::1', '127.0.0.1']);
  });

  it('reads arrays and comma-joined lists, and nothing from junk', () => {
    expect(queryAnswers(['204.79.197.200', '13.107.21.200'])).toEqual(['204.79.197.200', '13.107.21.200']);
    expect(queryAnswers('204.79.197.200, 13.107.21.200')).toEqual(['204.79.197.200', '13.107.21.200']);
    expect(queryAnswers('-')).toEqual([]);
    expect(queryAnswers(undefined)).toEqual([]);
    expect(queryAnswers('999.1.1.1;not an address;type:  28 x')).toEqual([]);
  });
});

describe('isSysmonSource', () => {
  it('accepts the provider, the channel and Splunk source names', () => {
    for (const s of ['Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational']) expect(isSysmonSource(s)).toBe(true);
    for (const s of ['Security', 'Microsoft-Windows-Security-Auditing', undefined, 3]) expect(isSysmonSource(s)).toBe(false);
  });
});
