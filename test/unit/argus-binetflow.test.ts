import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { argusBinetflowReader } from '../../src/core/telemetry/readers/argus-binetflow.js';
import { fileLines, repoRoot } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const dir = path.join(repoRoot, 'test', 'fixtures', 'flows');
const comma = fileLines(path.join(dir, 'argus-ctu13-comma.binetflow'));
const tab = fileLines(path.join(dir, 'argus-stratosphere-tab.binetflow'));
const parse = (ls: readonly string[], timezone = 'UTC') => parseLines('argus-binetflow', ls, { timezone, quarantine: true });
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);
const HEADER = 'StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr,Dport,State,sTos,dTos,TotPkts,TotBytes,SrcBytes,Label';
const good = '2011/08/10 09:46:53.047277,1.5,tcp,10.0.0.5,1025,   ->,203.0.113.9,80,SPA_SPA,0,0,10,1000,400,flow=x';

describe('argus-binetflow reader, comma-separated (CTU-13 layout)', () => {
  const out = parse(comma);

  it('reads IP flows as connections and the ARP "who" record as ignored', () => {
    expect(out.connections.map((c) => c.line)).toEqual([2, 3, 4, 6, 7]);
    expect(out.ignored).toEqual([5]);
    expect(out.quarantined).toEqual([]);
  });

  it('normalises a padded bidirectional UDP flow; bytesIn is TotBytes - SrcBytes', () => {
    expect(out.connections[0]?.event).toEqual({
      ts: utc(2011, 8, 10, 9, 46, 53, 47),
      host: '192.168.56.110',
      user: null,
      image: null,
      pid: null,
      processGuid: null,
      proto: 'udp',
      srcIp: '192.168.56.110',
      srcPort: 40112,
      dstIp: '203.0.113.229',
      dstPort: 16402,
      dstHost: null,
      initiated: null,
      bytesOut: 477,
      bytesIn: 553,
      pktsOut: null,
      pktsIn: null,
      duration: 2917.50312,
      uid: null,
    });
  });

  it('reads the hex ICMP Sport as type and code (0x0008: echo request)', () => {
    expect(out.connections[2]?.event).toMatchObject({ proto: 'icmp', srcPort: 8, dstPort: 0, bytesOut: 98, bytesIn: 0 });
  });

  it('reads naive times in the import time zone', () => {
    expect(parse(comma, 'Europe/Prague').connections[0]?.event.ts).toBe(utc(2011, 8, 10, 7, 46, 53, 47));
  });
});

describe('argus-binetflow reader, TAB-separated (Stratosphere layout)', () => {
  const out = parse(tab);

  it('ignores the management record and the layer-2 flows, reads the rest', () => {
    expect(out.ignored).toEqual([2, 3, 5]);
    expect(out.connections.map((c) => c.line)).toEqual([4, 6, 7, 8]);
    expect(out.quarantined).toEqual([]);
  });

  it('reads packets from SrcPkts and TotPkts, IPv6 addresses, decimal ICMPv6 ports and hex ICMP ports', () => {
    expect(out.connections[0]?.event).toMatchObject({ srcIp: '0.0.0.0', srcPort: 68, dstIp: '255.255.255.255', dstPort: 67, pktsOut: 1, pktsIn: 0, bytesOut: 342, bytesIn: 0 });
    expect(out.connections[1]?.event).toMatchObject({ proto: 'ipv6-icmp', srcIp: 'fe80::5054:ff:fe12:3456', srcPort: 133, dstIp: 'ff02::2', dstPort: 0 });
    expect(out.connections[2]?.event).toMatchObject({ proto: 'icmp', srcPort: 3, dstPort: 3 });
    expect(out.connections[3]?.event).toMatchObject({ ts: utc(1970, 1, 1, 2, 13, 26, 500), pktsOut: 6, pktsIn: 6, bytesOut: 600, bytesIn: 900 });
  });
});

describe('argus-binetflow sniff', () => {
  it('claims a header with StartTime, SrcAddr, DstAddr and Dir, comma or TAB', () => {
    expect(argusBinetflowReader.sniff(comma.join('\n'))).toBe(true);
    expect(argusBinetflowReader.sniff(tab.join('\n'))).toBe(true);
    expect(argusBinetflowReader.sniff(`${HEADER}\r\n${good}\r\n`)).toBe(true);
  });

  it('claims nothing else', () => {
    expect(argusBinetflowReader.sniff('StartTime,SrcAddr,DstAddr,Bytes\n')).toBe(false);
    expect(argusBinetflowReader.sniff('time,src,dst,dir\n')).toBe(false);
    expect(argusBinetflowReader.sniff(`# comment\n${HEADER}\n`)).toBe(false);
    expect(argusBinetflowReader.sniff('ts,te,td,sa,da,sp,dp,pr\n')).toBe(false);
  });
});

describe('argus-binetflow reader on damaged and unusual input', () => {
  it('quarantines bad rows with their field and reads on', () => {
    const bad = (from: string, to: string) => good.replace(from, to);
    const out = parse([
      HEADER,
      bad('10.0.0.5', '10.0.0.500'),
      bad('2011/08/10 09:46:53.047277', '09:46:53.047277'),
      bad(',1025,', ',0x1FFFF,'),
      bad(',1000,400,', ',100,400,'),
      good,
      '2011/08/10 09:46:53,1.5,tcp',
    ]);
    expect(out.quarantined).toEqual([
      { line: 2, field: 'SrcAddr', reason: expect.any(String) },
      { line: 3, field: 'StartTime', reason: expect.stringContaining('09:46:53.047277') },
      { line: 4, field: 'Sport', reason: expect.any(String) },
      { line: 5, field: 'TotBytes', reason: expect.any(String) },
      { line: 7, field: undefined, reason: expect.stringContaining('expected 15 comma-separated fields, found 3') },
    ]);
    expect(out.connections.map((c) => c.line)).toEqual([6]);
  });

  it('keeps a label holding commas whole, and prefers DstBytes/DstPkts when the export has them', () => {
    expect(parse([HEADER, `${good},with,commas`]).connections).toHaveLength(1);
    const h = 'StartTime,Proto,SrcAddr,Sport,Dir,DstAddr,Dport,TotPkts,TotBytes,SrcBytes,DstBytes,SrcPkts,DstPkts';
    const out = parse([h, '1312969613.5,tcp,10.0.0.5,1025,->,203.0.113.9,80,10,1000,400,600,4,6']);
    expect(out.connections[0]?.event).toMatchObject({ ts: 1_312_969_613_500, bytesOut: 400, bytesIn: 600, pktsOut: 4, pktsIn: 6, duration: null });
  });

  it('fails the file when the header lacks a needed column', () => {
    const out = () => parse(['StartTime,Dur,Proto,Sport,Dir,DstAddr', '2011/08/10 09:46:53,1,tcp,1,->,10.0.0.1']);
    const err = thrown(out) as SightlineError;
    expect(err).toBeInstanceOf(MalformedRecordError);
    expect(err.message).toMatch(/no SrcAddr column/);
    expect(err.location).toMatchObject({ line: 1, field: 'SrcAddr' });
  });

  it('fails an empty file at the end, and skips blank lines', () => {
    expect(thrown(() => parse(['', '  ']))).toBeInstanceOf(MalformedRecordError);
    expect(parse(['', HEADER, '', good]).connections.map((c) => c.line)).toEqual([4]);
  });
});
