import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAsCsv } from '../../src/core/analysis/enrich/as-csv.js';
import { asTableFileName, readAsTableFile, removeOtherAsTableFiles, writeAsTableFile } from '../../src/core/analysis/enrich/as-table-file.js';
import { AsLookup, AsTableBuilder, type AsTable } from '../../src/core/analysis/enrich/as-table.js';
import { ipv6Words } from '../../src/core/analysis/enrich/range-table.js';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { ipv4ToInt } from '../../src/core/net/index.js';
import ipaddr from 'ipaddr.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());
const limits = { maxBytes: 1 << 20, maxOrganisationChars: 40 };

/** Rows as ip-location-db writes them: no header, names quoted when they hold a comma. */
const V4 = [
  '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."',
  '8.8.4.0,8.8.4.255,15169,Google LLC',
  '8.8.8.0,8.8.8.255,15169,Google LLC',
  // The real data's one overlap (AS749 and AS721): the range starting later wins where they meet.
  '214.96.0.0,215.5.255.255,749,United States Department of Defense (DoD) ',
  '215.5.0.0,215.6.0.255,721,DoD Network Information Center',
  '9.9.9.0,9.9.9.255,19281,"Quad9 ""the"" resolver"',
].join('\n');
const V6 = ['2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC', '2001:500:30ff::30,2001:500:30ff::30,396552,VeriSign Global Registry Services'].join('\r\n');

function table(v4 = V4, v6 = V6): AsTable {
  const builder = new AsTableBuilder();
  readAsCsv(tmp.file('asn-ipv4.csv', `${v4}\n`), builder, limits);
  readAsCsv(tmp.file('asn-ipv6.csv', v6), builder, limits);
  return builder.build();
}
const v6 = (ip: string) => ipv6Words(ipaddr.IPv6.parse(ip).parts);

describe('the AS table from ip-location-db CSV', () => {
  it('finds the AS of addresses at the edges of ranges, and none in the gaps', () => {
    const as = new AsLookup(table());
    expect(as.ipv4(ipv4ToInt('1.0.0.0'))).toEqual({ number: 13335, organisation: 'Cloudflare, Inc.' });
    expect(as.ipv4(ipv4ToInt('1.0.0.255'))).toEqual({ number: 13335, organisation: 'Cloudflare, Inc.' });
    expect(as.ipv4(ipv4ToInt('1.0.1.0'))).toBeNull();
    expect(as.ipv4(ipv4ToInt('0.255.255.255'))).toBeNull();
    expect(as.ipv4(ipv4ToInt('8.8.8.8'))).toEqual({ number: 15169, organisation: 'Google LLC' });
    expect(as.ipv4(ipv4ToInt('8.8.5.0'))).toBeNull();
    expect(as.ipv4(ipv4ToInt('9.9.9.9'))?.organisation).toBe('Quad9 "the" resolver');
    expect(as.ipv6(v6('2001:4860:4860::8888'))).toEqual({ number: 15169, organisation: 'Google LLC' });
    expect(as.ipv6(v6('2001:500:30ff::30'))?.number).toBe(396552);
    expect(as.ipv6(v6('2001:500:30ff::31'))).toBeNull();
  });

  it('resolves overlapping rows: the range starting later wins, the earlier one holds the rest', () => {
    const as = new AsLookup(table());
    expect(as.ipv4(ipv4ToInt('215.4.255.255'))?.number).toBe(749);
    expect(as.ipv4(ipv4ToInt('215.5.0.0'))?.number).toBe(721);
    expect(as.ipv4(ipv4ToInt('215.6.0.255'))?.number).toBe(721);
    expect(as.ipv4(ipv4ToInt('215.6.1.0'))).toBeNull();
  });

  it('keeps one entry per AS number (its first name), cut to the configured length', () => {
    const t = table(`${V4}\n5.5.5.0,5.5.5.255,15169,Another name\n6.6.6.0,6.6.6.255,64512,${'x'.repeat(100)}`);
    const as = new AsLookup(t);
    expect(t.numbers.filter((n) => n === 15169)).toHaveLength(1);
    expect(as.ipv4(ipv4ToInt('5.5.5.5'))?.organisation).toBe('Google LLC');
    expect(as.ipv4(ipv4ToInt('6.6.6.6'))?.organisation).toBe('x'.repeat(40));
  });

  it('skips a header line and empty lines', () => {
    const as = new AsLookup(table(`ip_range_start,ip_range_end,autonomous_system_number,autonomous_system_organization\n\n${V4}\n\n`));
    expect(as.ipv4(ipv4ToInt('8.8.8.8'))?.number).toBe(15169);
  });

  const refusals: Array<[string, string, number, string, RegExp]> = [
    ['three columns', '1.0.0.0,1.0.0.255,13335', 2, 'autonomous_system_organization', /expected 4 columns.*found 3/],
    ['five columns', '1.0.0.0,1.0.0.255,13335,a,b', 2, 'autonomous_system_organization', /found 5/],
    ['a start that is no address', 'one.0.0.0,1.0.0.255,13335,x', 2, 'ip_range_start', /not an IP address/],
    ['an octal-looking start', '01.0.0.0,1.0.0.255,13335,x', 2, 'ip_range_start', /not an IP address/],
    ['families mixed', '1.0.0.0,2001::,13335,x', 2, 'ip_range_end', /not an IPv4 address/],
    ['an end before the start', '1.0.0.9,1.0.0.1,13335,x', 2, 'ip_range_end', /before the range's start/],
    ['a negative AS number', '1.0.0.0,1.0.0.255,-1,x', 2, 'autonomous_system_number', /not an AS number/],
    ['an AS number past 32 bits', '1.0.0.0,1.0.0.255,4294967296,x', 2, 'autonomous_system_number', /not an AS number/],
    ['a name with an open quote', '1.0.0.0,1.0.0.255,1,"open', 2, 'autonomous_system_organization', /expected 4 columns/],
  ];
  it.each(refusals)('refuses the whole file for %s, naming file, line and column', (_what, row, line, field, message) => {
    const file = tmp.file('asn-ipv4.csv', `8.8.8.0,8.8.8.255,15169,Google LLC\n${row}\n`);
    let error: unknown;
    try {
      readAsCsv(file, new AsTableBuilder(), limits);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MalformedRecordError);
    expect((error as SightlineError).location).toEqual({ file, line, field });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`asn-ipv4.csv line ${line}: ${field}`);
  });

  it('refuses a file past the size limit and bytes that are not UTF-8, naming the file', () => {
    const big = tmp.file('asn-ipv4.csv', 'x'.repeat(2048));
    expect(() => readAsCsv(big, new AsTableBuilder(), { ...limits, maxBytes: 1024 })).toThrow(/asn-ipv4\.csv is larger than/);
    const bad = tmp.file('asn-ipv4.csv', Buffer.concat([Buffer.from('1.0.0.0,1.0.0.255,1,ok\n1.0.1.0,1.0.1.255,2,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]));
    expect(() => readAsCsv(bad, new AsTableBuilder(), limits)).toThrow(expect.objectContaining({ location: expect.objectContaining({ file: bad, line: 2 }) }));
  });
});

describe('the AS table kept in the data home', () => {
  const fp = 'f'.repeat(64);

  it('reads back what it wrote, owner-only, and the lookups agree', () => {
    const t = table();
    const file = path.join(tmp.make(), asTableFileName(fp));
    writeAsTableFile(file, fp, t);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const back = readAsTableFile(file, fp);
    expect(back).not.toBeNull();
    const [a, b] = [new AsLookup(t), new AsLookup(back as AsTable)];
    for (const ip of ['1.0.0.7', '8.8.8.8', '9.9.9.9', '215.5.0.1', '214.96.0.0', '200.0.0.0']) expect(b.ipv4(ipv4ToInt(ip))).toEqual(a.ipv4(ipv4ToInt(ip)));
    for (const ip of ['2001:4860::1', '2001:500:30ff::30', '2001:500:30ff::2f']) expect(b.ipv6(v6(ip))).toEqual(a.ipv6(v6(ip)));
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]); // no partial file left
  });

  it('is not used when absent, made from other data, cut short, or inconsistent', () => {
    const dir = tmp.make();
    const file = path.join(dir, asTableFileName(fp));
    expect(readAsTableFile(file, fp)).toBeNull();
    writeAsTableFile(file, fp, table());
    const good = fs.readFileSync(file);
    expect(readAsTableFile(file, 'e'.repeat(64))).toBeNull();
    const damaged = (edit: (b: Buffer) => Buffer) => {
      fs.writeFileSync(file, edit(Buffer.from(good)));
      return readAsTableFile(file, fp);
    };
    expect(damaged((b) => b.subarray(0, b.length - 4))).toBeNull();
    expect(damaged((b) => Buffer.concat([b, Buffer.alloc(4)]))).toBeNull();
    expect(damaged((b) => ((b[0] = 0x58), b))).toBeNull();
    expect(damaged((b) => ((b[12] = 0x7b), (b[13] = 0x7b), b))).toBeNull(); // header no longer JSON
    const headerEnd = 12 + good.readUInt32LE(8);
    const { v4 } = JSON.parse(good.toString('utf8', 12, headerEnd)) as { v4: number };
    const startsAt = headerEnd + ((4 - (headerEnd % 4)) % 4);
    // The first IPv4 segment's value (an AS index, after the starts and ends) pointing past the AS list.
    expect(damaged((b) => (b.writeUInt32LE(0xffffff, startsAt + 2 * 4 * v4), b))).toBeNull();
    // The second segment starting before the first ends.
    expect(damaged((b) => (b.writeUInt32LE(0, startsAt + 4), b))).toBeNull();
    expect(damaged((b) => b)).not.toBeNull();
  });

  it('removes tables of other data beside the one kept', () => {
    const dir = tmp.make();
    const keep = path.join(dir, asTableFileName(fp));
    for (const name of [asTableFileName('a'.repeat(64)), asTableFileName(fp), 'notes.txt']) fs.writeFileSync(path.join(dir, name), 'x');
    removeOtherAsTableFiles(dir, keep);
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(keep), 'notes.txt']);
  });
});
