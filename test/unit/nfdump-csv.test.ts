import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { nfdumpCsvReader } from '../../src/core/telemetry/readers/nfdump-csv.js';
import { fileLines, repoRoot } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'flows', 'nfdump-with-summary.csv');
const lines = fileLines(fixture);
const header = lines[0] ?? '';
const parse = (ls: readonly string[], timezone = 'UTC') => parseLines('nfdump-csv', ls, { timezone, quarantine: true });
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** A data row like nfdump writes, with some fields replaced. */
function row(values: Partial<Record<'ts' | 'td' | 'sa' | 'da' | 'sp' | 'dp' | 'pr' | 'ipkt' | 'ibyt' | 'opkt' | 'obyt', string>>): string {
  const names = header.split(',');
  const base = (lines[1] ?? '').split(',');
  return names.map((n, i) => (values as Record<string, string>)[n] ?? base[i]).join(',');
}

describe('nfdump-csv reader on the fixture (nfdump -o csv with its Summary block)', () => {
  const out = parse(lines);

  it('reads one connection per flow row; the Summary block is neither a flow nor quarantined', () => {
    expect(lines).toHaveLength(10);
    expect(out.connections.map((c) => c.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(out.quarantined).toEqual([]);
    expect(out.ignored).toEqual([]);
    expect(out.alerts).toEqual([]);
  });

  it('normalises a bidirectional TCP flow: source is the host, ibyt is what it sent', () => {
    expect(out.connections[0]?.event).toEqual({
      ts: utc(2019, 5, 28, 12, 27, 15),
      host: '192.168.56.101',
      user: null,
      image: null,
      pid: null,
      processGuid: null,
      proto: 'tcp',
      srcIp: '192.168.56.101',
      srcPort: 49812,
      dstIp: '203.0.113.50',
      dstPort: 443,
      dstHost: null,
      initiated: null,
      bytesOut: 1840,
      bytesIn: 9120,
      pktsOut: 12,
      pktsIn: 10,
      duration: 3.52,
      uid: null,
    });
  });

  it('lower-cases protocol names and reads IPv6 and millisecond times', () => {
    expect(out.connections.map((c) => c.event.proto)).toEqual(['tcp', 'udp', 'icmp', 'icmp', 'tcp', 'tcp']);
    expect(out.connections[4]?.event).toMatchObject({ srcIp: '2001:db8::10', dstIp: '2001:db8:ffff::1', dstPort: 22 });
    expect(out.connections[5]?.event.ts).toBe(utc(2019, 5, 28, 12, 27, 18, 250));
  });

  it('reads ICMP type and code (type.code in dp, or type*256+code) as srcPort and dstPort', () => {
    expect(out.connections[2]?.event).toMatchObject({ srcPort: 8, dstPort: 0 });
    expect(out.connections[3]?.event).toMatchObject({ srcPort: 0, dstPort: 0 });
    const raw = parse([header, row({ pr: 'ICMP', sp: '0', dp: '771' })]);
    expect(raw.connections[0]?.event).toMatchObject({ srcPort: 3, dstPort: 3 });
  });

  it('reads naive times in the import time zone', () => {
    const berlin = parse(lines, 'Europe/Berlin');
    expect(berlin.connections[0]?.event.ts).toBe(utc(2019, 5, 28, 10, 27, 15));
  });

  it('sniffs the exact nfdump header start and nothing looser', () => {
    expect(nfdumpCsvReader.sniff(lines.join('\n'))).toBe(true);
    expect(nfdumpCsvReader.sniff('ts,te,td,sa,da,sp,dp,pr\n')).toBe(true);
    expect(nfdumpCsvReader.sniff('ts,src,dst,sport,dport\n1,2,3,4,5\n')).toBe(false);
    expect(nfdumpCsvReader.sniff('ts,te,td,sa,da\n')).toBe(false);
    expect(nfdumpCsvReader.sniff('StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr\n')).toBe(false);
  });
});

describe('nfdump-csv reader on damaged and unusual input', () => {
  it('quarantines a bad row with its field and reads on', () => {
    const out = parse([header, row({ sa: '999.1.1.1' }), row({ ts: 'yesterday' }), row({ dp: '70000' }), row({ ibyt: '-3' }), row({}), 'short,row']);
    expect(out.quarantined).toEqual([
      { line: 2, field: 'sa', reason: expect.stringContaining('999.1.1.1') },
      { line: 3, field: 'ts', reason: expect.stringContaining('yesterday') },
      { line: 4, field: 'dp', reason: expect.any(String) },
      { line: 5, field: 'ibyt', reason: expect.any(String) },
      { line: 7, field: undefined, reason: expect.stringContaining('expected 48 comma-separated fields, found 2') },
    ]);
    expect(out.connections.map((c) => c.line)).toEqual([6]);
  });

  it('reads outputs concatenated one after the other (header again after a Summary)', () => {
    const out = parse([...lines, ...lines]);
    expect(out.connections).toHaveLength(12);
    expect(out.quarantined).toEqual([]);
  });

  it('reads a file without the Summary block (nfdump -q) and skips blank lines', () => {
    const out = parse([header, '', row({}), '']);
    expect(out.connections.map((c) => c.line)).toEqual([3]);
  });

  it('does not drop a flow that follows a stray Summary line', () => {
    const out = parse([header, 'Summary', row({ sa: '10.9.9.9' })]);
    expect(out.connections.map((c) => c.event.srcIp)).toEqual(['10.9.9.9']);
  });

  it('does not take a second line of totals for summary: it is quarantined', () => {
    const out = parse([header, row({}), 'Summary', 'flows,bytes,packets,avg_bps,avg_pps,avg_bpp', '1,60,1,0,0,60', '1,60,1,0,0,60']);
    expect(out.connections).toHaveLength(1);
    expect(out.quarantined.map((q) => q.line)).toEqual([6]);
  });

  it('quarantines rows before the header, and fails the file at the end when there is none', () => {
    const before = parse([row({}), header, row({})]);
    expect(before.quarantined.map((q) => q.line)).toEqual([1]);
    expect(before.connections).toHaveLength(1);
    const err = thrown(() => parseLines('nfdump-csv', [row({})], { quarantine: true })) as SightlineError;
    expect(err).toBeInstanceOf(MalformedRecordError);
    expect(err.message).toMatch(/no nfdump CSV header/);
  });
});
