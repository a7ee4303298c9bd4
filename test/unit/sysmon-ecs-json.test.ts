import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { lookupPath, sysmonEcsJsonReader } from '../../src/core/telemetry/readers/sysmon-ecs-json.js';
import { sysmonJsonReader } from '../../src/core/telemetry/readers/sysmon-json.js';
import { fileLines, fixtures } from '../helpers/fixtures.js';
import { parseLines, thrown } from '../helpers/sink.js';

const dir = path.dirname(fixtures.sysmonWevtutil);
/** Winlogbeat 8 with its sysmon module, derived from the OTRF file (see NOTICE.md). */
const moduleFile = path.join(dir, 'winlogbeat-sysmon-module.ndjson');
/** Elasticsearch hits of Winlogbeat 7 without the module: the first 40 OTRF records. */
const hitsFile = path.join(dir, 'winlogbeat7-hits.ndjson');

const parse = (lines: readonly string[]) => parseLines('sysmon-ecs-json', lines);
/** What the readers made of the same events, without line numbers. */
const records = (out: ReturnType<typeof parse>) => ({
  connections: out.connections.map((c) => c.event),
  processes: out.processes.map((p) => p.record),
  dns: out.dns.map((d) => d.record),
  ignored: out.ignored.length,
});

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

describe('sysmon-ecs-json on Winlogbeat output of the OTRF events', () => {
  const reference = parseLines('sysmon-json', fileLines(fixtures.sysmonWevtutil));

  it('reads the sysmon module documents (fields moved to ECS) exactly as the flat JSON', () => {
    const out = parse(fileLines(moduleFile));
    expect(records(out)).toEqual(records(reference));
    expect([out.connections.length, out.processes.length, out.dns.length]).toEqual([112, 31, 26]);
    expect(out.connections.map((c) => c.line)).toEqual(reference.connections.map((c) => c.line));
  });

  it('reads Elasticsearch hits of raw Winlogbeat 7 documents (winlog.event_data intact, event_id a number)', () => {
    const lines = fileLines(hitsFile);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ _index: expect.any(String), _source: { winlog: { event_id: 1 } } });
    const first40 = parseLines('sysmon-json', fileLines(fixtures.sysmonWevtutil).slice(0, 40));
    expect(records(parse(lines))).toEqual(records(first40));
  });

  it('is sniffed as ECS, and the flat reader does not claim it', () => {
    for (const file of [moduleFile, hitsFile]) {
      const head = fileLines(file).slice(0, 3).join('\n');
      expect(sysmonEcsJsonReader.sniff(head), file).toBe(true);
      expect(sysmonJsonReader.sniff(head), file).toBe(false);
    }
    expect(sysmonEcsJsonReader.sniff(fileLines(fixtures.sysmonWevtutil).slice(0, 3).join('\n'))).toBe(false);
  });
});

describe('sysmon-ecs-json rules', () => {
  const nested = {
    '@timestamp': '2024-01-02T03:04:06.000Z',
    agent: { type: 'winlogbeat' },
    host: { name: 'host1.corp' },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      computer_name: 'HOST1',
      event_id: '3',
      event_data: { UtcTime: '2024-01-02 03:04:05.678', Image: 'C:\\x.exe', ProcessId: '42', Protocol: 'tcp', Initiated: 'true', SourceIp: '10.1.1.1', SourcePort: '50000', DestinationIp: '93.184.216.34', DestinationPort: '443' },
    },
  };
  const line = (o: unknown) => JSON.stringify(o);

  it('accepts dotted flat keys and a mix of nested and dotted', () => {
    const flat: Record<string, unknown> = { '@timestamp': nested['@timestamp'], 'winlog.channel': nested.winlog.channel, 'winlog.computer_name': 'HOST1', 'winlog.event_id': 3 };
    for (const [k, v] of Object.entries(nested.winlog.event_data)) flat[`winlog.event_data.${k}`] = v;
    const mixed = { winlog: { 'event_data.Image': 'C:\\x.exe', channel: nested.winlog.channel, computer_name: 'HOST1', event_id: 3, event_data: nested.winlog.event_data } };
    const out = parse([line(nested), line(flat), line(mixed)]);
    expect(out.connections).toHaveLength(3);
    for (const c of out.connections) expect(c.event).toMatchObject({ host: 'HOST1', image: 'C:\\x.exe', pid: 42, srcIp: '10.1.1.1', dstIp: '93.184.216.34', dstPort: 443, ts: Date.UTC(2024, 0, 2, 3, 4, 5, 678) });
  });

  it('takes event.code, host.name and @timestamp when winlog lacks them', () => {
    const { event_id: _id, computer_name: _c, ...winlog } = nested.winlog;
    const { UtcTime: _t, ...eventData } = winlog.event_data;
    const out = parse([line({ ...nested, event: { code: '3' }, winlog: { ...winlog, event_data: eventData } })]);
    expect(out.connections[0]?.event).toMatchObject({ host: 'host1.corp', ts: Date.UTC(2024, 0, 2, 3, 4, 6) });
  });

  it('ignores other channels, and Sysmon events other than 1, 3, 11 and 22', () => {
    const security = { ...nested, winlog: { ...nested.winlog, channel: 'Security', provider_name: 'Microsoft-Windows-Security-Auditing', event_id: 5156 } };
    const out = parse([line(security), line({ ...nested, winlog: { ...nested.winlog, event_id: 12 } }), '']);
    expect(out.ignored).toEqual([1, 2]);
  });

  it('names the field as the document has it: winlog.event_data.X, or the ECS field it was moved to', () => {
    const badData = { ...nested, winlog: { ...nested.winlog, event_data: { ...nested.winlog.event_data, DestinationIp: 'example.org' } } };
    expect(malformed(() => parse([line(badData)])).location).toEqual({ line: 1, field: 'winlog.event_data.DestinationIp' });
    const { DestinationPort: _p, ...withoutPort } = nested.winlog.event_data;
    const badEcs = { ...nested, destination: { port: 'https' }, winlog: { ...nested.winlog, event_data: withoutPort } };
    expect(malformed(() => parse([line(badEcs)])).location).toEqual({ line: 1, field: 'destination.port' });
    expect(malformed(() => parse([line({ ...nested, winlog: { ...nested.winlog, event_id: 'x' } })])).location).toEqual({ line: 1, field: 'winlog.event_id' });
    expect(malformed(() => parse(['{"winlog":'])).location).toEqual({ line: 1 });
  });

  it('never reads a path through Object.prototype', () => {
    expect(lookupPath({ winlog: {} }, 'winlog.constructor')).toBeUndefined();
    expect(lookupPath({ winlog: {} }, 'winlog.toString.name')).toBeUndefined();
    expect(lookupPath(JSON.parse('{"__proto__":{"x":1}}'), '__proto__.x')).toBe(1);
  });
});
