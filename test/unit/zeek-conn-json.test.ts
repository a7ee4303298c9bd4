import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { zeekConnJsonReader } from '../../src/core/telemetry/readers/zeek-conn-json.js';
import { countZeekJson, fileLines, fixtures } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const parse = (lines: readonly string[]) => parseLines('zeek-conn-json', lines);
const json = (o: Record<string, unknown>) => JSON.stringify(o);

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

describe('zeek-conn-json reader on the real APT29 SCRANTON conn log (underscore keys, @stream)', () => {
  const lines = fileLines(fixtures.zeekJson);
  const out = parse(lines);

  it('reads every conn record as one connection', () => {
    expect(out.connections).toHaveLength(countZeekJson(fixtures.zeekJson).events);
    expect(out.connections).toHaveLength(134);
    expect(out.ignored).toEqual([]);
    expect(out.processes).toEqual([]);
  });

  it('normalises the first record', () => {
    expect(out.connections[0]).toEqual({
      line: 1,
      event: {
        ts: 1588205198900,
        host: '10.0.1.4',
        user: null,
        image: null,
        pid: null,
        processGuid: null,
        proto: 'udp',
        srcIp: '10.0.1.4',
        srcPort: 64842,
        dstIp: '10.0.0.4',
        dstPort: 53,
        dstHost: null,
        initiated: null,
        bytesOut: 39,
        bytesIn: 55,
        pktsOut: 1,
        pktsIn: 1,
        duration: 0.0015780925750732422,
        uid: 'Cw1Hz43UWS4qXFei8f',
      },
    });
  });

  it('reads keys Zeek leaves out (line 4 has no bytes or duration) as null', () => {
    expect(out.connections.find((c) => c.line === 4)?.event).toMatchObject({
      uid: 'CmXZIO1v3jMM0HZWoi',
      dstIp: '10.0.1.255',
      dstPort: 138,
      bytesOut: null,
      bytesIn: null,
      duration: null,
      pktsOut: 1,
      pktsIn: 0,
    });
  });

  it('sniffs the file as its format, and not Sysmon or TSV text', () => {
    expect(zeekConnJsonReader.sniff(lines.slice(0, 3).join('\n'))).toBe(true);
    expect(zeekConnJsonReader.sniff('#separator \\x09\n#fields\tts\tid.orig_h\tid.resp_h')).toBe(false);
    expect(zeekConnJsonReader.sniff('{"EventID":3,"SourceName":"Microsoft-Windows-Sysmon"}')).toBe(false);
  });
});

describe('zeek-conn-json reader rules', () => {
  const dotted = { ts: 1700000000.123, uid: 'C1', 'id.orig_h': '10.0.0.5', 'id.orig_p': 4444, 'id.resp_h': '8.8.4.4', 'id.resp_p': 53, proto: 'udp', orig_bytes: 10, resp_bytes: 20 };
  const underscore = { ts: 1700000000.123, uid: 'C1', id_orig_h: '10.0.0.5', id_orig_p: 4444, id_resp_h: '8.8.4.4', id_resp_p: 53, proto: 'udp', orig_bytes: 10, resp_bytes: 20 };

  it('reads dotted and underscore keys to the same event', () => {
    const a = parse([json(dotted)]).connections[0]?.event;
    const b = parse([json(underscore)]).connections[0]?.event;
    expect(a).toMatchObject({ ts: 1700000000123, srcIp: '10.0.0.5', srcPort: 4444, dstIp: '8.8.4.4', dstPort: 53, bytesOut: 10, bytesIn: 20 });
    expect(b).toEqual(a);
  });

  it('reads ISO 8601 timestamps and IPv4-mapped addresses', () => {
    const e = parse([json({ ...dotted, ts: '2020-04-30T00:06:38.899Z', 'id.resp_h': '::ffff:8.8.4.4' })]).connections[0]?.event;
    expect(e).toMatchObject({ ts: Date.UTC(2020, 3, 30, 0, 6, 38, 899), dstIp: '8.8.4.4' });
  });

  it('ignores records of other streams (@stream or _path) and keeps conn ones', () => {
    const out = parse([
      json({ ...underscore, '@stream': 'dns' }),
      json({ ...dotted, _path: 'http' }),
      json({ ...underscore, '@stream': 'conn' }),
      json({ ...dotted, _path: 'conn' }),
      '',
    ]);
    expect(out.ignored).toEqual([1, 2]);
    expect(out.connections.map((c) => c.line)).toEqual([3, 4]);
  });

  it('names the line of invalid JSON and of a non-object record', () => {
    expect(malformed(() => parse([json(dotted), '{"ts": 1,'])).location).toEqual({ line: 2 });
    expect(malformed(() => parse(['[1,2]'])).location).toEqual({ line: 1 });
  });

  it('names the field of a bad or missing value', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...dotted, 'id.orig_h': undefined }, 'id.orig_h'],
      [{ ...dotted, 'id.resp_h': '10.0.0.256' }, 'id.resp_h'],
      [{ ...underscore, id_resp_p: -1 }, 'id.resp_p'],
      [{ ...dotted, ts: 'yesterday' }, 'ts'],
      [{ ...dotted, orig_bytes: 1.5 }, 'orig_bytes'],
    ];
    for (const [record, field] of cases) {
      expect(malformed(() => parse([json(record)])).location, field).toEqual({ line: 1, field });
    }
  });
});
