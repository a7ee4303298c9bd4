import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { csvMappedReader } from '../../src/core/telemetry/readers/csv-mapped.js';
import { csvMappingSchema, type CsvMappingInput } from '../../src/shared/types.js';
import { fileLines, repoRoot } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const dir = path.join(repoRoot, 'test', 'fixtures', 'csv');
const siem = fileLines(path.join(dir, 'siem-alerts-epoch-ms.csv'));
const locale = fileLines(path.join(dir, 'locale-semicolon-dmy.csv'));
const parse = (ls: readonly string[], mapping: CsvMappingInput, timezone = 'UTC') =>
  parseLines('csv-mapped', ls, { timezone, mapping: csvMappingSchema.parse(mapping), quarantine: true });
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

const siemMapping: CsvMappingInput = {
  columns: {
    time: 'timestamp',
    srcIp: 'src_ip',
    srcPort: 'src_port',
    dstIp: 'dest_ip',
    dstPort: 'dest_port',
    proto: 'transport',
    host: 'host',
    user: 'user',
    process: 'process_name',
    bytesOut: 'bytes_out',
    bytesIn: 'bytes_in',
    signature: 'signature',
    severity: 'severity',
    action: 'action',
  },
  timeFormat: 'epoch-ms',
};

describe('csv-mapped on a SIEM alert export (epoch ms, quoted fields, a field over two lines)', () => {
  const out = parse(siem, siemMapping);

  it('reads one connection per row, at the row’s first line', () => {
    expect(out.connections.map((c) => c.line)).toEqual([2, 3, 4, 5]);
    expect(out.quarantined).toEqual([]);
  });

  it('normalises every mapped column', () => {
    expect(out.connections[0]?.event).toEqual({
      ts: 1_785_839_952_046,
      host: 'WKS-041',
      user: 'CORP\\alice',
      image: 'C:\\Windows\\System32\\rundll32.exe',
      pid: null,
      processGuid: null,
      proto: 'tcp',
      srcIp: '10.20.30.41',
      srcPort: 51544,
      dstIp: '203.0.113.66',
      dstPort: 443,
      dstHost: null,
      initiated: null,
      bytesOut: 5120,
      bytesIn: 880,
      pktsOut: null,
      pktsIn: null,
      duration: null,
      uid: null,
    });
  });

  it('lower-cases protocols, names IANA numbers, reads "-" as unset, and takes the source IP when the host is empty', () => {
    expect(out.connections[1]?.event.proto).toBe('udp');
    expect(out.connections[2]?.event).toMatchObject({ proto: 'tcp', srcPort: null, bytesOut: null, host: '10.20.30.42', user: null, image: null });
  });

  it('yields an alert for each row with a signature, quotes and line breaks kept', () => {
    expect(out.alerts).toEqual([
      {
        line: 2,
        record: {
          ts: 1_785_839_952_046,
          host: 'WKS-041',
          proto: 'tcp',
          srcIp: '10.20.30.41',
          srcPort: 51544,
          dstIp: '203.0.113.66',
          dstPort: 443,
          signature: 'ET MALWARE Cobalt Strike Beacon, Observed',
          signatureId: null,
          category: null,
          severity: 'high',
          action: 'allowed',
        },
      },
      { line: 4, record: expect.objectContaining({ signature: 'ET POLICY "curl" User-Agent Outbound', severity: 'low', action: 'blocked' }) },
      { line: 5, record: expect.objectContaining({ signature: 'Exfiltration suspected:\nlarge upload to rare host', host: 'SRV-DB01' }) },
    ]);
  });

  it('uses defaultHost when the export has no host column', () => {
    const { host: _host, ...columns } = siemMapping.columns;
    const out2 = parse(siem, { ...siemMapping, columns, defaultHost: 'siem-sensor-1' });
    expect(out2.connections.map((c) => c.event.host)).toEqual(['siem-sensor-1', 'siem-sensor-1', 'siem-sensor-1', 'siem-sensor-1']);
    const out3 = parse(siem, { ...siemMapping, columns });
    expect(out3.connections.map((c) => c.event.host)).toEqual(['10.20.30.41', '10.20.30.41', '10.20.30.42', '10.20.30.43']);
  });

  it('reads epoch ms with timeFormat auto too', () => {
    expect(parse(siem, { ...siemMapping, timeFormat: 'auto' }).connections[0]?.event.ts).toBe(1_785_839_952_046);
  });
});

describe('csv-mapped on a locale export (BOM, semicolons, CRLF, day-first times)', () => {
  const mapping: CsvMappingInput = { columns: { time: 'Zeitpunkt', srcIp: 'Quelle', dstIp: 'Ziel', dstPort: 'Zielport', proto: 'Protokoll', action: 'Aktion' }, timeFormat: 'dmy' };

  it('detects the delimiter, reads 31/12/2026 23:59:59 in the import zone, and quarantines 31/02', () => {
    const out = parse(locale, mapping, 'Europe/Berlin');
    expect(out.connections.map((c) => [c.line, c.event.ts, c.event.dstPort, c.event.proto])).toEqual([
      [2, utc(2026, 12, 30, 7, 15), 443, 'tcp'],
      [3, utc(2026, 12, 31, 22, 59, 59), 53, 'udp'],
      [4, utc(2026, 12, 31, 23, 0, 1), 3389, 'tcp'],
    ]);
    expect(out.quarantined).toEqual([{ line: 5, field: 'Zeitpunkt', reason: '"31/02/2027 10:00:00" is not a timestamp (day/month/year)' }]);
    // An action without a signature is no alert.
    expect(out.alerts).toEqual([]);
  });

  it('finds header names case-insensitively', () => {
    const out = parse(locale, { ...mapping, columns: { time: 'zeitpunkt', srcIp: 'QUELLE', dstIp: 'ziel' } });
    expect(out.connections).toHaveLength(3);
  });
});

describe('csv-mapped: a mapping that does not fit the file fails the whole file', () => {
  it('names the missing column and lists the header', () => {
    const err = thrown(() => parse(locale, { columns: { time: 'Zeitpunkt', srcIp: 'Quelle', dstIp: 'Destination' }, timeFormat: 'dmy' })) as SightlineError;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).not.toBeInstanceOf(MalformedRecordError);
    expect(err.message).toBe("column 'Destination' named by the mapping is not in the header: Zeitpunkt, Quelle, Ziel, Zielport, Protokoll, Aktion");
    expect(err.location).toEqual({ line: 1, field: 'Destination' });
  });

  it('refuses a position past the last column, and names by header in a file said to have none', () => {
    expect((thrown(() => parse(locale, { columns: { time: 0, srcIp: 1, dstIp: 9 } })) as SightlineError).message).toMatch(/column 10 named by the mapping \(dstIp\) is past/);
    const noHeader = thrown(() => parse(locale.slice(1), { header: false, columns: { time: 'Zeitpunkt', srcIp: 1, dstIp: 2 } })) as SightlineError;
    expect(noHeader).toBeInstanceOf(InvalidInputError);
  });

  it('keeps failing on every later line and at end(), for callers that go on', () => {
    const parser = csvMappedReader.create({ timezone: 'UTC', mapping: csvMappingSchema.parse({ columns: { time: 'x', srcIp: 'y', dstIp: 'z' } }) });
    const sink = { connection() {}, process() {}, dns() {}, alert() {}, fileCreate() {}, ignored() {} };
    expect(() => parser.line('a,b,c', 1, sink)).toThrow(InvalidInputError);
    expect(() => parser.line('1,2,3', 2, sink)).toThrow(InvalidInputError);
    expect(() => parser.end(2)).toThrow(InvalidInputError);
  });

  it('needs a mapping at all', () => {
    expect(() => csvMappedReader.create({ timezone: 'UTC' })).toThrow(InvalidInputError);
  });
});

describe('csv-mapped on other shapes', () => {
  it('reads a file without header by column positions; errors name "column N"', () => {
    const out = parse(
      ['10.0.0.1|203.0.113.5|2026-01-02T03:04:05Z|443', '10.0.0.2|not-an-ip|2026-01-02T03:04:06Z|80', '10.0.0.3|203.0.113.6|2026-01-02T03:04:07Z'],
      { header: false, delimiter: '|', columns: { srcIp: 0, dstIp: 1, time: 2, dstPort: 3 } },
    );
    expect(out.connections.map((c) => [c.line, c.event.dstPort])).toEqual([[1, 443]]);
    expect(out.quarantined).toEqual([
      { line: 2, field: 'column 2', reason: expect.stringContaining('not-an-ip') },
      { line: 3, field: 'column 4', reason: expect.stringContaining('the row has 3 fields') },
    ]);
  });

  it('quarantines a row with a different field count, skips blank lines and a repeated header', () => {
    const out = parse(['ts,src,dst', '', '2026-01-01T00:00:00Z,10.0.0.1,10.0.0.2', 'ts,src,dst', '2026-01-01T00:00:01Z,10.0.0.1', '2026-01-01T00:00:02Z,10.0.0.1,10.0.0.3'], {
      columns: { time: 'ts', srcIp: 'src', dstIp: 'dst' },
    });
    expect(out.connections.map((c) => c.line)).toEqual([3, 6]);
    expect(out.quarantined).toEqual([{ line: 5, field: undefined, reason: expect.stringContaining('expected 3 fields as in the header, found 2') }]);
  });

  it('reads TSV with the delimiter detected, and refuses ports above 65535 and negative counts', () => {
    const out = parse(['time\tsrc\tdst\tdport\tbytes', '1700000000\t10.0.0.1\t10.0.0.2\t70000\t1', '1700000000\t10.0.0.1\t10.0.0.2\t80\t-1'], {
      columns: { time: 'time', srcIp: 'src', dstIp: 'dst', dstPort: 'dport', bytesOut: 'bytes' },
    });
    expect(out.quarantined.map((q) => [q.line, q.field])).toEqual([
      [2, 'dport'],
      [3, 'bytes'],
    ]);
  });

  it('fails the file at the end when a quoted field is never closed', () => {
    const err = thrown(() => parse(['ts,src,dst', '2026-01-01T00:00:00Z,10.0.0.1,"10.0.0.2'], { columns: { time: 'ts', srcIp: 'src', dstIp: 'dst' } })) as SightlineError;
    expect(err).toBeInstanceOf(MalformedRecordError);
    expect(err.location.line).toBe(2);
  });

  it('trims spaces, tabs and Unicode spaces around values, and reads "-" and blanks as unset', () => {
    const out = parse(['ts;src;dst;dport;proto;host;bytes', ' 2026-01-01T00:00:00Z ;\u00a010.0.0.1;10.0.0.2\u3000;\t443 ; TCP ;-; ', '2026-01-01T00:00:01Z;10.0.0.1;10.0.0.2;80;6;\ufeffWS01\u2028;12'], {
      delimiter: ';',
      columns: { time: 'ts', srcIp: 'src', dstIp: 'dst', dstPort: 'dport', proto: 'proto', host: 'host', bytesOut: 'bytes' },
    });
    expect(out.quarantined).toEqual([]);
    expect(out.connections.map(({ event: e }) => [e.ts, e.srcIp, e.dstIp, e.dstPort, e.proto, e.host, e.bytesOut])).toEqual([
      [utc(2026, 1, 1), '10.0.0.1', '10.0.0.2', 443, 'tcp', '10.0.0.1', null],
      [utc(2026, 1, 1, 0, 0, 1), '10.0.0.1', '10.0.0.2', 80, 'tcp', 'WS01', 12],
    ]);
  });

  it('is never sniffed', () => {
    expect(csvMappedReader.sniff(siem.join('\n'))).toBe(false);
  });
});
