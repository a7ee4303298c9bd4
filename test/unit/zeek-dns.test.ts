import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { detectFormat } from '../../src/core/telemetry/detect-format.js';
import { zeekConnJsonReader } from '../../src/core/telemetry/readers/zeek-conn-json.js';
import { zeekConnTsvReader } from '../../src/core/telemetry/readers/zeek-conn-tsv.js';
import { zeekDnsJsonReader } from '../../src/core/telemetry/readers/zeek-dns-json.js';
import { zeekDnsTsvReader } from '../../src/core/telemetry/readers/zeek-dns-tsv.js';
import { fileLines, fixtures, repoRoot } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const dnsTsv = path.join(repoRoot, 'test', 'fixtures', 'zeek', 'lsass-dns.log');
const dnsJson = path.join(repoRoot, 'test', 'fixtures', 'zeek', 'lsass-dns.json');
const tsv = (lines: readonly string[]) => parseLines('zeek-dns-tsv', lines);
const json = (lines: readonly string[]) => parseLines('zeek-dns-json', lines);
const line = (o: Record<string, unknown>) => JSON.stringify(o);

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

const FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query', 'qclass', 'qclass_name', 'qtype', 'qtype_name', 'rcode', 'rcode_name', 'AA', 'TC', 'RD', 'RA', 'Z', 'answers', 'TTLs', 'rejected'];
const header = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tdns', `#fields\t${FIELDS.join('\t')}`];
const base: Record<string, string> = { ts: '1700000000.25', 'id.orig_h': '10.0.0.7', 'id.resp_h': '10.0.0.1', query: 'example.org', answers: '93.184.215.14' };
const row = (values: Record<string, string>, fields: readonly string[] = FIELDS, sep = '\t') => fields.map((f) => values[f] ?? base[f] ?? '-').join(sep);

describe('zeek-dns-tsv on the LSASS dns.log fixture (Zeek 6 layout)', () => {
  const out = tsv(fileLines(dnsTsv));

  it('names destinations for the 10 lookups answered with addresses and ignores the 6 others', () => {
    expect(out.dns).toHaveLength(10);
    expect(out.ignored).toEqual([10, 12, 15, 17, 20, 21]);
    // 16 data rows: the SRV (10), NXDOMAIN (12), CNAME-only (15), PTR (17), mDNS (20), LLMNR (21) name nothing.
    expect(out.dns.length + out.ignored.length).toBe(16);
  });

  it('keeps only the addresses of a CNAME chain, for the name asked', () => {
    expect(out.dns[0]).toEqual({
      line: 9,
      record: { ts: 1692161622036, host: '192.168.1.41', image: null, query: 'www.msftconnecttest.com', answers: ['13.107.4.52'] },
    });
    expect(out.dns.find((d) => d.record.query === 'ctldl.windowsupdate.com')?.record.answers).toEqual(['23.32.58.34', '23.32.58.40']);
    expect(out.dns.find((d) => d.record.query === 'ipv6.msftconnecttest.com')?.record.answers).toEqual(['2620:1ec:c11::200']);
    expect(out.dns.find((d) => d.record.query === 'dc01.pandalab.com')?.record.answers).toEqual(['192.168.1.4']);
  });

  it('is sniffed as dns, never as conn, and the conn log never as dns', async () => {
    const head = fileLines(dnsTsv).slice(0, 12).join('\n');
    expect(zeekDnsTsvReader.sniff(head)).toBe(true);
    expect(zeekConnTsvReader.sniff(head)).toBe(false);
    expect(zeekDnsTsvReader.sniff(fileLines(fixtures.zeekTsv).slice(0, 12).join('\n'))).toBe(false);
    expect(await detectFormat(dnsTsv)).toBe('zeek-dns-tsv');
  });
});

describe('zeek-dns-json on the LSASS dns.log fixture (plain Zeek JSON, no _path)', () => {
  const out = json(fileLines(dnsJson));

  it('reads the same lookups as the TSV log', () => {
    const fromTsv = tsv(fileLines(dnsTsv));
    expect(out.dns.map((d) => d.record)).toEqual(fromTsv.dns.map((d) => d.record));
    expect(out.ignored).toEqual([2, 4, 7, 9, 12, 13]);
  });

  it('is sniffed as dns, and neither JSON reader claims the other stream', async () => {
    const head = fileLines(dnsJson).slice(0, 5).join('\n');
    expect(zeekDnsJsonReader.sniff(head)).toBe(true);
    expect(zeekConnJsonReader.sniff(head)).toBe(false);
    expect(zeekDnsJsonReader.sniff(fileLines(fixtures.zeekJson).slice(0, 5).join('\n'))).toBe(false);
    expect(await detectFormat(dnsJson)).toBe('zeek-dns-json');
  });
});

describe('telling conn from dns', () => {
  const conn = { ts: 1700000000, uid: 'C1', 'id.orig_h': '10.0.0.7', 'id.orig_p': 5000, 'id.resp_h': '1.1.1.1', 'id.resp_p': 53, proto: 'udp', conn_state: 'SF' };
  const dns = { ts: 1700000000, uid: 'C1', 'id.orig_h': '10.0.0.7', 'id.orig_p': 5000, 'id.resp_h': '1.1.1.1', 'id.resp_p': 53, proto: 'udp', query: 'one.one.one.one', qtype: 1, answers: ['1.1.1.1', '1.0.0.1'], rejected: false };

  it('by _path or @stream when the writer adds one, whatever the fields say', () => {
    const lines = [line({ ...dns, _path: 'conn' }), line({ ...conn, '@stream': 'dns', query: 'x.org', answers: ['8.8.8.8'] }), line({ ...dns, _path: 'dns' })];
    expect(json(lines).dns.map((d) => d.line)).toEqual([2, 3]);
    expect(json(lines).ignored).toEqual([1]);
    expect(parseLines('zeek-conn-json', lines).connections.map((c) => c.line)).toEqual([1]);
  });

  it('by fields otherwise: query/qtype without conn_state is dns', () => {
    const lines = [line(conn), line(dns), line({ ...dns, query: undefined, qtype: undefined, answers: undefined })];
    const asConn = parseLines('zeek-conn-json', lines);
    expect(asConn.connections.map((c) => c.line)).toEqual([1]);
    expect(asConn.ignored).toEqual([2, 3]);
    const asDns = json(lines);
    expect(asDns.dns).toEqual([{ line: 2, record: { ts: 1700000000000, host: '10.0.0.7', image: null, query: 'one.one.one.one', answers: ['1.1.1.1', '1.0.0.1'] } }]);
    expect(asDns.ignored).toEqual([1, 3]);
  });

  it('sniffs a shipper file mixing streams as conn when a conn record is in the head', () => {
    const mixed = [line({ ...dns, '@stream': 'dns' }), line({ ...conn, '@stream': 'conn' })].join('\n');
    expect(zeekConnJsonReader.sniff(mixed)).toBe(true);
    expect(zeekDnsJsonReader.sniff(mixed)).toBe(false);
    expect(zeekDnsJsonReader.sniff(line({ ...dns, '@stream': 'dns' }))).toBe(true);
  });

  it('sniffs TSV by #fields when #path is missing', () => {
    const noPath = header.filter((h) => !h.startsWith('#path')).join('\n');
    expect(zeekDnsTsvReader.sniff(noPath)).toBe(true);
    expect(zeekConnTsvReader.sniff(noPath)).toBe(false);
    expect(zeekDnsTsvReader.sniff('#separator \\x09\n#fields\tts\tid.orig_h\tid.resp_h')).toBe(false);
    expect(zeekDnsTsvReader.sniff(header.join('\n').replace('#path\tdns', '#path\thttp'))).toBe(false);
  });

  it('reads a conn log and a dns log concatenated: each reader ignores the other log\'s rows', () => {
    const connLog = ['#separator \\x09', '#path\tconn', '#fields\tts\tid.orig_h\tid.resp_h\tconn_state', '1700000000\t10.0.0.7\t1.1.1.1\tSF', '#close\tx'];
    const lines = [...connLog, ...header, row({})];
    expect(tsv(lines).dns.map((d) => d.line)).toEqual([12]);
    expect(tsv(lines).ignored).toEqual([4]);
    const asConn = parseLines('zeek-conn-tsv', lines);
    expect(asConn.connections.map((c) => c.line)).toEqual([4]);
    expect(asConn.ignored).toEqual([12]);
  });
});

describe('zeek-dns-tsv rules', () => {
  it('splits answers on #set_separator and honours a custom separator', () => {
    const out = tsv(['#separator \\x2c', '#set_separator,\\x3b', '#path,dns', `#fields,${FIELDS.join(',')}`, row({ answers: 'a.example;9.9.9.9;2620:FE::FE' }, FIELDS, ',')]);
    expect(out.dns[0]?.record.answers).toEqual(['9.9.9.9', '2620:fe::fe']);
  });

  it('ignores "(empty)" and unset answers and an unset query', () => {
    const out = tsv([...header, row({ answers: '(empty)' }), row({ answers: '-' }), row({ query: '-' })]);
    expect(out.ignored).toEqual([7, 8, 9]);
  });

  it('refuses a header without the columns it needs, and reads the next good log after it', () => {
    const bad = ['#separator \\x09', '#path\tdns', '#fields\tts\tid.orig_h\tid.resp_h\tquery'];
    const out = parseLines('zeek-dns-tsv', [...bad, row({}, ['ts', 'id.orig_h', 'id.resp_h', 'query']), ...header, row({})], { quarantine: true });
    expect(out.quarantined.map((q) => [q.line, q.field])).toEqual([
      [3, 'answers'],
      [4, undefined],
    ]);
    expect(out.quarantined[1]?.reason).toMatch(/no usable #fields header/);
    expect(out.dns.map((d) => d.line)).toEqual([11]);
  });

  it('names the field of a bad timestamp or address, and checks them even when nothing is answered', () => {
    const cases: [Record<string, string>, string][] = [
      [{ ts: 'soon' }, 'ts'],
      [{ 'id.orig_h': '10.0.0.300' }, 'id.orig_h'],
      [{ 'id.orig_h': '10.0.0.300', answers: '-' }, 'id.orig_h'],
    ];
    for (const [values, field] of cases) expect(malformed(() => tsv([...header, row(values)])).location).toEqual({ line: 7, field });
  });

  it('fails a file with no #fields header at all', () => {
    malformed(() => tsv(['#separator \\x09', '#path\tdns']));
  });
});

describe('zeek-dns-json rules', () => {
  const dns = { ts: 1700000000.5, id_orig_h: '10.0.0.7', id_resp_h: '10.0.0.1', '@stream': 'dns', query: 'example.org', answers: ['::ffff:93.184.215.14'] };

  it('reads underscore keys and normalises IPv4-mapped answers', () => {
    expect(json([line(dns)]).dns[0]?.record).toEqual({ ts: 1700000000500, host: '10.0.0.7', image: null, query: 'example.org', answers: ['93.184.215.14'] });
  });

  it('names the field of answers or query of the wrong type, and the line of bad JSON', () => {
    expect(malformed(() => json([line({ ...dns, answers: '1.2.3.4' })])).location).toEqual({ line: 1, field: 'answers' });
    expect(malformed(() => json([line({ ...dns, answers: [1234] })])).location).toEqual({ line: 1, field: 'answers' });
    expect(malformed(() => json([line({ ...dns, query: 42 })])).location).toEqual({ line: 1, field: 'query' });
    expect(malformed(() => json([line({ ...dns, id_orig_h: undefined })])).location).toEqual({ line: 1, field: 'id.orig_h' });
    expect(malformed(() => json(['{"ts":'])).location).toEqual({ line: 1 });
  });
});
