import { describe, expect, it } from 'vitest';
import { MalformedRecordError } from '../../src/core/errors/index.js';
import type { SightlineError } from '../../src/core/errors/index.js';
import { zeekConnTsvReader } from '../../src/core/telemetry/readers/zeek-conn-tsv.js';
import { countZeekTsv, fileLines, fixtures } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';
import { ZEEK_FIELDS, zeekTsvHeader } from '../helpers/zeek-gen.js';

const parse = (lines: readonly string[]) => parseLines('zeek-conn-tsv', lines);
const header = zeekTsvHeader().split('\n');
type Values = Partial<Record<(typeof ZEEK_FIELDS)[number], string>>;
const base: Values = { ts: '1700000000.5', 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8' };
/** A row in ZEEK_FIELDS order: the given values, a few valid defaults, `unset` elsewhere. */
const row = (values: Values, unset = '-', fields: readonly (typeof ZEEK_FIELDS)[number][] = ZEEK_FIELDS, sep = '\t') =>
  fields.map((f) => values[f] ?? base[f] ?? unset).join(sep);

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

describe('zeek-conn-tsv reader on the real LSASS_campaign_01 conn.log', () => {
  const lines = fileLines(fixtures.zeekTsv);
  const out = parse(lines);

  it('reads one connection per data row and nothing else', () => {
    expect(out.connections).toHaveLength(countZeekTsv(fixtures.zeekTsv).events);
    expect(out.connections).toHaveLength(112);
    expect(out.processes).toEqual([]);
    expect(out.ignored).toEqual([]);
  });

  it('normalises the first row (line 9) with unset "-" values as null', () => {
    // 1692161622.036086 Cnsu5m395zFmE9ikp4 192.168.1.41 52605 192.168.1.4 53 udp dns - - - SHR T T 0 ^d 0 0 1 62 -
    expect(out.connections[0]).toEqual({
      line: 9,
      event: {
        ts: 1692161622036,
        host: '192.168.1.41',
        user: null,
        image: null,
        pid: null,
        processGuid: null,
        proto: 'udp',
        srcIp: '192.168.1.41',
        srcPort: 52605,
        dstIp: '192.168.1.4',
        dstPort: 53,
        dstHost: null,
        initiated: null,
        bytesOut: null,
        bytesIn: null,
        pktsOut: 0,
        pktsIn: 1,
        duration: null,
        uid: 'Cnsu5m395zFmE9ikp4',
      },
    });
  });

  it('reads bytes, packets and duration of a TCP row to the C2 (line 12)', () => {
    // 1692161643.549491 CX6po61SVaO8po0uh8 192.168.1.41 55213 10.0.5.13 80 tcp - 1.201128 0 403 SHR T T 0 ^hadf 0 0 5 615 -
    const c = out.connections.find((x) => x.line === 12);
    expect(c?.event).toMatchObject({
      ts: 1692161643549,
      dstIp: '10.0.5.13',
      dstPort: 80,
      proto: 'tcp',
      duration: 1.201128,
      bytesOut: 0,
      bytesIn: 403,
      pktsOut: 0,
      pktsIn: 5,
      uid: 'CX6po61SVaO8po0uh8',
    });
  });

  it('sniffs the file head as its format', () => {
    expect(zeekConnTsvReader.sniff(lines.slice(0, 12).join('\n'))).toBe(true);
    expect(zeekConnTsvReader.sniff(lines.slice(0, 12).join('\n').replace('#path\tconn', '#path\tdns'))).toBe(false);
  });
});

describe('zeek-conn-tsv reader rules', () => {
  it('reads "(empty)" and "-" as unset, and honours custom #unset_field / #empty_field', () => {
    const a = parse([...header, row({ proto: '(empty)', orig_bytes: '(empty)', uid: '-', duration: '' })]);
    expect(a.connections[0]?.event).toMatchObject({ proto: null, bytesOut: null, uid: null, duration: null });
    const custom = parse([...header.slice(0, 2), '#empty_field\tEMPTY', '#unset_field\tNONE', ...header.slice(4), row({ proto: 'EMPTY', resp_bytes: '7' }, 'NONE')]);
    expect(custom.connections[0]?.event).toMatchObject({ proto: null, bytesOut: null, bytesIn: 7, uid: null, duration: null });
    // With a custom unset marker, "-" is no longer unset: it is a bad count.
    const err = malformed(() => parse([...header.slice(0, 3), '#unset_field\tNONE', ...header.slice(4), row({ resp_bytes: '-' }, 'NONE')]));
    expect(err.location.field).toBe('resp_bytes');
  });

  it('honours an unset marker that is itself a number: "0" is then no value, and "-" a bad count', () => {
    const zero = [...header.slice(0, 3), '#unset_field\t0', ...header.slice(4)];
    const out = parse([...zero, row({ orig_bytes: '0', resp_bytes: '12', duration: '0', 'id.resp_p': '0' }, '0')]);
    expect(out.connections[0]?.event).toMatchObject({ bytesOut: null, bytesIn: 12, duration: null, dstPort: null });
    const err = malformed(() => parse([...zero, row({ orig_bytes: '-' }, '0')]));
    expect(err.location.field).toBe('orig_bytes');
  });

  it('reads a log written with a custom #separator', () => {
    const values: Values = { ts: '1700000000.25', uid: 'CabC', 'id.orig_h': '10.9.8.7', 'id.orig_p': '5000', 'id.resp_h': '1.1.1.1', 'id.resp_p': '443', orig_bytes: '10', resp_bytes: '20' };
    const comma = ['#separator \\x2c', '#set_separator,;', '#path,conn', `#fields,${ZEEK_FIELDS.join(',')}`, row(values, '-', ZEEK_FIELDS, ',')];
    const out = parse(comma);
    expect(out.connections).toHaveLength(1);
    expect(out.connections[0]).toMatchObject({
      line: 5,
      event: { ts: 1700000000250, uid: 'CabC', srcIp: '10.9.8.7', srcPort: 5000, dstIp: '1.1.1.1', dstPort: 443, bytesOut: 10, bytesIn: 20 },
    });
  });

  it('rejects a row with the wrong field count, naming its line', () => {
    const cut = row({}).split('\t').slice(0, 12).join('\t');
    const err = malformed(() => parse([...header, row({}), cut]));
    expect(err.location.line).toBe(header.length + 2);
    expect(err.message).toMatch(/expected 21 .*found 12/);
  });

  it('rejects a record that comes before the #fields header', () => {
    const err = malformed(() => parse(['#separator \\x09', row({})]));
    expect(err.location.line).toBe(2);
    expect(err.message).toMatch(/before the #fields header/);
  });

  it('rejects a #fields header without a required column, naming the column', () => {
    for (const missing of ['ts', 'id.orig_h', 'id.resp_h']) {
      const fields = ZEEK_FIELDS.filter((f) => f !== missing).join('\t');
      const err = malformed(() => parse(['#separator \\x09', `#fields\t${fields}`]));
      expect(err.location).toEqual({ line: 2, field: missing });
    }
  });

  it('rejects a file with no #fields header at all when it ends', () => {
    malformed(() => parse(['#separator \\x09', '#path\tconn']));
  });

  it('names the field of a bad IP, port or timestamp', () => {
    const cases: [Partial<Record<(typeof ZEEK_FIELDS)[number], string>>, string][] = [
      [{ 'id.orig_h': '999.1.1.1' }, 'id.orig_h'],
      [{ 'id.resp_h': 'not-an-ip' }, 'id.resp_h'],
      [{ 'id.resp_p': 'http' }, 'id.resp_p'],
      [{ orig_bytes: '-5' }, 'orig_bytes'],
      [{ ts: '-' }, 'ts'],
      [{ duration: 'soon' }, 'duration'],
    ];
    for (const [values, field] of cases) {
      const err = malformed(() => parse([...header, row(values)]));
      expect(err.location, field).toEqual({ line: header.length + 1, field });
    }
  });

  it('reads concatenated logs whose second header changes the columns', () => {
    const reversed = [...ZEEK_FIELDS].reverse();
    const second = ['#separator \\x09', `#fields\t${reversed.join('\t')}`, row({ 'id.resp_h': '9.9.9.9', 'id.orig_h': '10.0.0.2', ts: '1700000001' }, '-', reversed)];
    const out = parse([...header, row({}), '#close\t2024-01-01-00-00-01', ...second]);
    expect(out.connections.map((c) => [c.event.srcIp, c.event.dstIp, c.event.ts])).toEqual([
      ['10.0.0.1', '8.8.8.8', 1700000000500],
      ['10.0.0.2', '9.9.9.9', 1700000001000],
    ]);
  });

  it('reads a log whose #fields header has only the required columns (optional columns become null)', () => {
    const out = parse(['#separator \\x09', '#fields\tts\tid.orig_h\tid.resp_h', '1700000000\t10.0.0.1\t8.8.8.8']);
    expect(out.connections).toHaveLength(1);
    expect(out.connections[0]?.event).toMatchObject({ ts: 1700000000000, srcIp: '10.0.0.1', dstIp: '8.8.8.8', srcPort: null, dstPort: null, proto: null, bytesOut: null, uid: null });
  });

  it('skips empty lines', () => {
    expect(parse([...header, '', row({}), '']).connections).toHaveLength(1);
  });
});
