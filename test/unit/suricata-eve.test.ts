import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { detectFormat } from '../../src/core/telemetry/detect-format.js';
import { readers } from '../../src/core/telemetry/readers/index.js';
import { suricataEveReader } from '../../src/core/telemetry/readers/suricata-eve.js';
import { fileLines, fixtures, repoRoot } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const eve = path.join(repoRoot, 'test', 'fixtures', 'suricata', 'eve-curl-ipinfo.json');
const parse = (lines: readonly string[], timezone?: string) => parseLines('suricata-eve', lines, { timezone });
const line = (o: Record<string, unknown>) => JSON.stringify(o);

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

const flow = {
  timestamp: '2019-05-28T12:28:16.338127+0000',
  flow_id: 1729431097826314,
  event_type: 'flow',
  src_ip: '10.20.30.41',
  src_port: 49822,
  dest_ip: '34.117.59.81',
  dest_port: 80,
  proto: 'TCP',
  flow: { pkts_toserver: 6, pkts_toclient: 4, bytes_toserver: 455, bytes_toclient: 605, start: '2019-05-28T12:27:15.158832+0000', end: '2019-05-28T12:27:15.361003+0000' },
};
const dnsBase = { timestamp: '2019-05-28T12:27:15.140211+0000', event_type: 'dns', src_ip: '10.20.30.41', src_port: 50514, dest_ip: '10.20.30.1', dest_port: 53, proto: 'UDP' };

describe('suricata-eve on the curl/ipinfo fixture (Suricata 6 eve, one event of each type)', () => {
  const out = parse(fileLines(eve));

  it('sorts every event: flows and netflow, the alert, answered lookups, the rest ignored', () => {
    expect(out.connections.map((c) => c.line)).toEqual([10, 11, 12, 13]);
    expect(out.alerts.map((a) => a.line)).toEqual([3]);
    expect(out.dns.map((d) => d.line)).toEqual([2, 7]);
    // dns query, http, fileinfo, NXDOMAIN, tls, anomaly, stats
    expect(out.ignored).toEqual([1, 4, 5, 6, 8, 9, 14]);
  });

  it('reads a flow: start as time, both directions, duration to the µs, flow_id as uid', () => {
    expect(out.connections[0]?.event).toEqual({
      ts: Date.UTC(2019, 4, 28, 12, 27, 15, 159),
      host: '10.20.30.41',
      user: null,
      image: null,
      pid: null,
      processGuid: null,
      proto: 'tcp',
      srcIp: '10.20.30.41',
      srcPort: 49822,
      dstIp: '34.117.59.81',
      dstPort: 80,
      dstHost: null,
      initiated: null,
      bytesOut: 455,
      bytesIn: 605,
      pktsOut: 6,
      pktsIn: 4,
      duration: 0.202171,
      uid: '1729431097826314',
    });
  });

  it('reads an ICMP flow without ports, and a netflow record as one direction', () => {
    expect(out.connections[2]?.event).toMatchObject({ proto: 'icmp', srcPort: null, dstPort: null, dstIp: '1.1.1.1', duration: 3.018077 });
    expect(out.connections[3]?.event).toMatchObject({ host: '185.199.108.133', srcPort: 443, dstIp: '10.20.30.41', bytesOut: 9846, pktsOut: 14, bytesIn: null, pktsIn: null, uid: '655331784510311' });
  });

  it('reads the ET alert with its signature, id, category, severity and action', () => {
    expect(out.alerts[0]?.record).toEqual({
      ts: Date.UTC(2019, 4, 28, 12, 27, 15, 302),
      host: '10.20.30.41',
      proto: 'tcp',
      srcIp: '10.20.30.41',
      srcPort: 49822,
      dstIp: '34.117.59.81',
      dstPort: 80,
      signature: 'ET POLICY curl User-Agent Outbound',
      signatureId: '2013028',
      category: 'Attempted Information Leak',
      severity: '2',
      action: 'allowed',
    });
  });

  it('reads answers from the detailed list and from the grouped form', () => {
    expect(out.dns[0]?.record).toEqual({ ts: Date.UTC(2019, 4, 28, 12, 27, 15, 140), host: '10.20.30.41', image: null, query: 'ipinfo.io', answers: ['34.117.59.81'] });
    expect(out.dns[1]?.record.answers).toEqual(['185.199.108.133', '185.199.109.133', '185.199.110.133', '185.199.111.133']);
  });

  it('is detected as eve, and no other reader claims it', async () => {
    const head = fileLines(eve).join('\n');
    expect(readers.filter((r) => r.kind === 'lines' && r.sniff(head)).map((r) => r.format)).toEqual(['suricata-eve']);
    expect(await detectFormat(eve)).toBe('suricata-eve');
  });
});

describe('suricata-eve rules', () => {
  it('reads offsets written +0000, +0200 and +02:00, and a timestamp with no offset in the import zone', () => {
    const at = (start: string, timezone?: string) => parse([line({ ...flow, flow: { ...flow.flow, start, end: undefined } })], timezone).connections[0]?.event.ts;
    expect(at('2019-05-28T12:27:15.123456+0000')).toBe(Date.UTC(2019, 4, 28, 12, 27, 15, 123));
    expect(at('2021-06-06T15:59:46.457984+0200')).toBe(Date.UTC(2021, 5, 6, 13, 59, 46, 458));
    expect(at('2021-06-06T15:59:46.457984+02:00')).toBe(Date.UTC(2021, 5, 6, 13, 59, 46, 458));
    expect(at('2021-06-06T15:59:46', 'Europe/Berlin')).toBe(Date.UTC(2021, 5, 6, 13, 59, 46));
  });

  it('leaves duration null without an end, or when the end comes before the start', () => {
    expect(parse([line({ ...flow, flow: { ...flow.flow, end: undefined } })]).connections[0]?.event.duration).toBeNull();
    expect(parse([line({ ...flow, flow: { ...flow.flow, end: '2019-05-28T12:27:14.000000+0000' } })]).connections[0]?.event.duration).toBeNull();
  });

  it('keeps a flow_id past 2^53 digit for digit', () => {
    const text = line(flow).replace('1729431097826314', '18446744073709551557');
    expect(parse([text]).connections[0]?.event.uid).toBe('18446744073709551557');
  });

  it('reads Suricata 4 answers (one per event, sent by the server): the asker is the host', () => {
    const v1 = { ...dnsBase, src_ip: '10.20.30.1', src_port: 53, dest_ip: '10.20.30.41', dest_port: 50514, dns: { type: 'answer', id: 1, rcode: 'NOERROR', rrname: 'ipinfo.io', rrtype: 'AAAA', ttl: 300, rdata: '2600:1901:0:13E0:0:0:0:0' } };
    expect(parse([line(v1)]).dns[0]?.record).toMatchObject({ host: '10.20.30.41', query: 'ipinfo.io', answers: ['2600:1901:0:13e0::'] });
    const cname = { ...v1, dns: { ...v1.dns, rrtype: 'CNAME', rdata: 'ipinfo.io.cdn.cloudflare.net' } };
    expect(parse([line(cname)]).ignored).toEqual([1]);
  });

  it('reads Suricata 8 answers (v3: the question in queries)', () => {
    const v3 = { ...dnsBase, dns: { version: 3, type: 'response', id: 1, rcode: 'NOERROR', queries: [{ rrname: 'ipinfo.io', rrtype: 'A' }], answers: [{ rrname: 'ipinfo.io', rrtype: 'A', ttl: 300, rdata: '34.117.59.81' }] } };
    expect(parse([line(v3)]).dns[0]?.record).toMatchObject({ host: '10.20.30.41', query: 'ipinfo.io', answers: ['34.117.59.81'] });
  });

  it('names the field of what it cannot read', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...flow, event_type: undefined }, 'event_type'],
      [{ ...flow, flow: undefined }, 'flow'],
      [{ ...flow, src_ip: 'sensor-1' }, 'src_ip'],
      [{ ...flow, dest_port: 70000.5 }, 'dest_port'],
      [{ ...flow, flow: { ...flow.flow, start: 'yesterday' } }, 'flow.start'],
      [{ ...flow, flow: { ...flow.flow, bytes_toserver: -1 } }, 'flow.bytes_toserver'],
      [{ ...flow, event_type: 'alert', alert: { signature_id: 1 } }, 'alert.signature'],
      [{ ...flow, event_type: 'alert', alert: { signature: 'x' }, timestamp: 42 }, 'timestamp'],
      [{ ...dnsBase, dns: 'answer' }, 'dns'],
    ];
    for (const [record, field] of cases) expect(malformed(() => parse([line(record)])).location, field).toEqual({ line: 1, field });
    expect(malformed(() => parse(['{"event_type":'])).location).toEqual({ line: 1 });
  });

  it('goes on after a bad event', () => {
    const out = parseLines('suricata-eve', ['not json', line(flow), '', line({ ...flow, src_ip: 'x' }), line(flow)], { quarantine: true });
    expect(out.quarantined.map((q) => q.line)).toEqual([1, 4]);
    expect(out.connections.map((c) => c.line)).toEqual([2, 5]);
  });

  it('sniffs eve (even when it starts with a stats event) and nothing else', () => {
    expect(suricataEveReader.sniff('{"timestamp":"2019-05-28T12:29:30.000213+0000","event_type":"stats","stats":{"uptime":160}}\n')).toBe(true);
    expect(suricataEveReader.sniff(fileLines(fixtures.zeekJson).slice(0, 3).join('\n'))).toBe(false);
    expect(suricataEveReader.sniff(fileLines(fixtures.sysmonWevtutil).slice(0, 3).join('\n'))).toBe(false);
    expect(suricataEveReader.sniff('{"event_type":"flow"}')).toBe(false);
    // A first event longer than the head is judged by its text; a broken line that ends is not eve.
    const cut = `{"timestamp":"2019-05-28T12:27:15.301777+0000","event_type":"alert","src_ip":"10.20.30.41","payload_printable":"${'A'.repeat(200)}`;
    expect(suricataEveReader.sniff(cut)).toBe(true);
    expect(suricataEveReader.sniff(`${cut}\n{}`)).toBe(false);
    expect(suricataEveReader.sniff('#Software: Microsoft Windows Firewall')).toBe(false);
  });
});
