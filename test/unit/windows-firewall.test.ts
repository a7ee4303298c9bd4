import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { detectFormat } from '../../src/core/telemetry/detect-format.js';
import { readers } from '../../src/core/telemetry/readers/index.js';
import { windowsFirewallReader } from '../../src/core/telemetry/readers/windows-firewall.js';
import { fileLines, fixtures, repoRoot } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const dir = path.join(repoRoot, 'test', 'fixtures', 'firewall');
const plaso = path.join(dir, 'plaso-firewall.log');
const betahydri = path.join(dir, 'betahydri-pfirewall.log');
const parse = (lines: readonly string[], timezone?: string) => parseLines('windows-firewall', lines, { timezone });

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

const FIELDS = 'date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path';
const header = ['#Version: 1.5', '#Software: Microsoft Windows Firewall', '#Time Format: Local', `#Fields: ${FIELDS}`];

describe('windows-firewall on the plaso sample (XP-era actions, ICMP)', () => {
  const out = parse(fileLines(plaso));

  it('reads 14 packets and ignores the INFO-EVENTS-LOST note', () => {
    expect(out.connections).toHaveLength(14);
    expect(out.ignored).toEqual([19]);
  });

  it('turns a RECEIVE row around: the local destination is the host, initiated false', () => {
    // 2005-04-11 08:05:57 DROP UDP 123.45.78.90 123.156.78.255 137 137 78 - - - - - - - RECEIVE
    expect(out.connections[0]).toEqual({
      line: 5,
      event: {
        ts: Date.UTC(2005, 3, 11, 8, 5, 57),
        host: '123.156.78.255',
        user: null,
        image: null,
        pid: null,
        processGuid: null,
        proto: 'udp',
        srcIp: '123.156.78.255',
        srcPort: 137,
        dstIp: '123.45.78.90',
        dstPort: 137,
        dstHost: null,
        initiated: false,
        bytesOut: null,
        bytesIn: null,
        pktsOut: null,
        pktsIn: null,
        duration: null,
        uid: null,
      },
    });
  });

  it('keeps OPEN/CLOSE rows without a path as logged, direction unknown', () => {
    // 2005-04-11 08:09:29 OPEN TCP 123.45.78.90 123.156.78.90 1606 445 - - - - - - - - -
    expect(out.connections.find((c) => c.line === 15)?.event).toMatchObject({ host: '123.45.78.90', srcIp: '123.45.78.90', srcPort: 1606, dstIp: '123.156.78.90', dstPort: 445, proto: 'tcp', initiated: null });
  });

  it('is detected as the firewall log and claimed by no other reader', async () => {
    for (const file of [plaso, betahydri]) {
      const head = fileLines(file).slice(0, 30).join('\n');
      expect(readers.filter((r) => r.kind === 'lines' && r.sniff(head)).map((r) => r.format)).toEqual(['windows-firewall']);
      expect(await detectFormat(file)).toBe('windows-firewall');
    }
  });
});

describe('windows-firewall on the betahydri home-network log (blank line, IPv6, protocol numbers)', () => {
  const lines = fileLines(betahydri);
  const out = parse(lines, 'Europe/Berlin');
  const at = (n: number) => out.connections.find((c) => c.line === n)?.event;
  const lineOf = (start: string) => lines.findIndex((l) => l.startsWith(start)) + 1;

  it('reads every row but the events-lost note, skipping the blank line', () => {
    const rows = lines.filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(out.connections).toHaveLength(rows.length - 1);
    expect(out.ignored).toHaveLength(1);
  });

  it('reads local times in the import zone (CEST here)', () => {
    expect(at(6)?.ts).toBe(Date.UTC(2021, 5, 22, 10, 19, 41));
    expect(parse(lines).connections[0]?.event.ts).toBe(Date.UTC(2021, 5, 22, 12, 19, 41));
  });

  it('reads an outbound SEND row as logged, initiated true', () => {
    // 2021-06-22 12:19:44 ALLOW TCP 192.168.178.51 64.39.104.113 52978 443 0 - 0 0 0 - - - SEND
    expect(at(lineOf('2021-06-22 12:19:44 ALLOW TCP 192.168.178.51 64.39.104.113'))).toMatchObject({
      host: '192.168.178.51',
      srcIp: '192.168.178.51',
      srcPort: 52978,
      dstIp: '64.39.104.113',
      dstPort: 443,
      proto: 'tcp',
      initiated: true,
    });
  });

  it('turns an IPv6 RECEIVE around and names IGMP and ICMP without ports', () => {
    // ALLOW TCP 2a01:110:2001:d:fe::1a 2a01:110:20:10::4a9 62187 135 ... RECEIVE
    expect(at(lineOf('2021-06-22 12:20:25 ALLOW TCP 2a01:110:2001:d:fe::1a'))).toMatchObject({
      host: '2a01:110:20:10::4a9',
      srcIp: '2a01:110:20:10::4a9',
      srcPort: 135,
      dstIp: '2a01:110:2001:d:fe::1a',
      dstPort: 62187,
      initiated: false,
    });
    expect(at(lineOf('2021-06-22 12:20:20 ALLOW 2 '))).toMatchObject({ proto: 'igmp', srcPort: null, dstPort: null, initiated: true });
    expect(at(lineOf('2021-06-22 12:25:27 ALLOW ICMP fe80::edbc'))).toMatchObject({ proto: 'icmp', srcIp: 'fe80::edbc:ecc7:41ef:dcca', srcPort: null, dstPort: null });
  });
});

describe('windows-firewall rules', () => {
  it('reads columns by their #Fields names, including the pid newer Windows appends', () => {
    const out = parse([...header.slice(0, 3), `#Fields: ${FIELDS} pid`, '2024-02-01 09:00:00 ALLOW TCP 10.0.0.5 140.82.121.4 50000 443 0 - 0 0 0 - - - SEND 4312']);
    expect(out.connections[0]?.event).toMatchObject({ pid: 4312, dstIp: '140.82.121.4' });
    const reordered = parse(['#Fields: path src-ip dst-ip date time dst-port', 'RECEIVE 140.82.121.4 10.0.0.5 2024-02-01 09:00:00 3389']);
    expect(reordered.connections[0]?.event).toMatchObject({ host: '10.0.0.5', srcIp: '10.0.0.5', srcPort: 3389, dstIp: '140.82.121.4', dstPort: null, proto: null, initiated: false });
  });

  it('keeps FORWARD rows as logged with direction unknown, and reads XP OPEN-INBOUND as inbound', () => {
    const out = parse([...header, '2024-02-01 09:00:00 ALLOW UDP 10.0.0.5 10.9.0.1 5000 53 0 - - - - - - - FORWARD', '2024-02-01 09:00:01 OPEN-INBOUND TCP 45.33.32.156 10.0.0.5 40000 22 - - - - - - - - -']);
    expect(out.connections[0]?.event).toMatchObject({ host: '10.0.0.5', srcIp: '10.0.0.5', dstIp: '10.9.0.1', initiated: null });
    expect(out.connections[1]?.event).toMatchObject({ host: '10.0.0.5', srcPort: 22, dstIp: '45.33.32.156', dstPort: 40000, initiated: false });
  });

  it('names the field of a bad date, address or port, and the line of a short row', () => {
    const good = '2024-02-01 09:00:00 ALLOW TCP 10.0.0.5 140.82.121.4 50000 443 0 - 0 0 0 - - - SEND';
    const cases: [string, string][] = [
      [good.replace('2024-02-01', '2024-02-30'), 'date'],
      [good.replace('10.0.0.5', 'PC-01'), 'src-ip'],
      [good.replace('140.82.121.4', '-'), 'dst-ip'],
      [good.replace('50000', 'http'), 'src-port'],
    ];
    for (const [row, field] of cases) expect(malformed(() => parse([...header, row])).location, field).toEqual({ line: 5, field });
    expect(malformed(() => parse([...header, good.split(' ').slice(0, 9).join(' ')])).location).toEqual({ line: 5 });
  });

  it('quarantines rows under a #Fields header it cannot use and recovers at the next header', () => {
    const row = '2024-02-01 09:00:00 ALLOW TCP 10.0.0.5 140.82.121.4 50000 443 0 - 0 0 0 - - - SEND';
    const out = parseLines('windows-firewall', [row, '#Fields: date time action protocol src-ip', row, `#Fields: ${FIELDS}`, row], { quarantine: true });
    expect(out.quarantined.map((q) => [q.line, q.field])).toEqual([
      [1, undefined],
      [2, 'dst-ip'],
      [3, undefined],
    ]);
    expect(out.connections.map((c) => c.line)).toEqual([5]);
  });

  it('fails a file with no #Fields header', () => {
    malformed(() => parse(['#Version: 1.5', '#Software: Microsoft Windows Firewall']));
  });

  it('sniffs by #Software or by #Fields, only in the header', () => {
    expect(windowsFirewallReader.sniff(header.join('\n'))).toBe(true);
    expect(windowsFirewallReader.sniff(`#Fields: ${FIELDS}\n`)).toBe(true);
    expect(windowsFirewallReader.sniff('hello\n#Software: Microsoft Windows Firewall')).toBe(false);
    expect(windowsFirewallReader.sniff('#Version: 1.0\n#Fields: date time s-ip cs-method cs-uri-stem')).toBe(false);
    expect(windowsFirewallReader.sniff(fileLines(fixtures.zeekTsv).slice(0, 10).join('\n'))).toBe(false);
  });
});
