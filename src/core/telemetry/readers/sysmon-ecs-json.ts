import { parseJsonObject } from './json-line.js';
import { emitSysmonEvent, isSysmonSource } from './sysmon-event.js';
import type { LineParser, LinesReader, RecordSink } from '../records.js';

/**
 * Where Winlogbeat's sysmon module (and Elastic Agent's Sysmon pipeline)
 * put the EventData fields they rename: such documents no longer carry
 * winlog.event_data.Image, only process.executable.
 */
const ECS_FIELDS: Readonly<Record<string, string>> = {
  ProcessGuid: 'process.entity_id',
  ProcessId: 'process.pid',
  Image: 'process.executable',
  CommandLine: 'process.command_line',
  ParentProcessGuid: 'process.parent.entity_id',
  ParentImage: 'process.parent.executable',
  ParentCommandLine: 'process.parent.command_line',
  Protocol: 'network.transport',
  SourceIp: 'source.ip',
  SourcePort: 'source.port',
  DestinationIp: 'destination.ip',
  DestinationPort: 'destination.port',
  DestinationHostname: 'destination.domain',
  TargetFilename: 'file.path',
  QueryName: 'dns.question.name',
  QueryResults: 'dns.resolved_ip',
};

const DIRECTION: Readonly<Record<string, string>> = { egress: 'true', outbound: 'true', ingress: 'false', inbound: 'false' };
const HASH_KEYS = ['sha1', 'md5', 'sha256'] as const;

/**
 * A Sysmon EventData field rebuilt from the ECS fields a shipper turned it
 * into, with the path it came from (for error messages); undefined when the
 * document has neither. `get` reads one dotted ECS path.
 */
export function ecsFallback(name: string, get: (path: string) => unknown): { value: unknown; path: string } | undefined {
  const path = ECS_FIELDS[name];
  if (path !== undefined) {
    const value = get(path);
    return value === undefined ? undefined : { value, path };
  }
  if (name === 'Initiated') {
    const direction = get('network.direction');
    return typeof direction === 'string' ? { value: DIRECTION[direction.toLowerCase()] ?? null, path: 'network.direction' } : undefined;
  }
  if (name === 'User') {
    // The module splits "DOMAIN\name" into user.domain and user.name.
    const user = get('user.name');
    if (typeof user !== 'string') return undefined;
    const domain = get('user.domain');
    return { value: typeof domain === 'string' && domain !== '' ? `${domain}\\${user}` : user, path: 'user.name' };
  }
  if (name === 'Hashes') {
    // Back to Sysmon's "SHA1=...,MD5=...,IMPHASH=..." so every reader stores hashes alike.
    const parts = HASH_KEYS.flatMap((k) => {
      const v = get(`process.hash.${k}`);
      return typeof v === 'string' ? [`${k.toUpperCase()}=${v.toUpperCase()}`] : [];
    });
    const imphash = get('process.pe.imphash');
    if (typeof imphash === 'string') parts.push(`IMPHASH=${imphash.toUpperCase()}`);
    return parts.length > 0 ? { value: parts.join(','), path: 'process.hash' } : undefined;
  }
  return undefined;
}

/**
 * A dotted path in a JSON document, whether the shipper nested it
 * ({"winlog":{"event_id":3}}), flattened it ({"winlog.event_id":3}) or
 * mixed both. Own keys only: a path never reaches Object.prototype.
 */
export function lookupPath(node: unknown, path: string): unknown {
  return walk(node, path.split('.'), 0);
}

function walk(node: unknown, parts: readonly string[], from: number): unknown {
  if (from === parts.length) return node;
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  // Longest key first: "winlog.event_data.Image" may be one key.
  for (let to = parts.length; to > from; to--) {
    const key = to === from + 1 ? (parts[from] as string) : parts.slice(from, to).join('.');
    if (Object.hasOwn(node, key)) {
      const found = walk((node as Record<string, unknown>)[key], parts, to);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const WINLOG_KEY = /"winlog(\.[a-z_]+)*"\s*:/;
const EVENT_ID_KEY = /"(winlog\.)?event_id"\s*:|"(event\.)?code"\s*:/;

/**
 * Sysmon as Winlogbeat / Elastic Agent documents, one JSON object per line
 * (an Elasticsearch hit's `_source` is unwrapped): event id in
 * winlog.event_id or event.code, the fields in winlog.event_data, or in ECS
 * fields when the sysmon module renamed them. Other channels are ignored.
 */
export const sysmonEcsJsonReader: LinesReader = {
  kind: 'lines',
  format: 'sysmon-ecs-json',
  description: 'Sysmon events 1, 3, 11 and 22 (Winlogbeat / Elastic ECS JSON lines; other events skipped)',
  sniff(head) {
    const first = head.trimStart().split('\n', 1)[0] ?? '';
    return first.startsWith('{') && WINLOG_KEY.test(first) && EVENT_ID_KEY.test(first);
  },
  create: () => ({
    line(text: string, line: number, sink: RecordSink) {
      if (text.trim() === '') return;
      const parsed = parseJsonObject(text, line);
      const hit = lookupPath(parsed, '_source');
      const doc = typeof hit === 'object' && hit !== null && !Array.isArray(hit) ? hit : parsed;
      const get = (path: string): unknown => lookupPath(doc, path);
      if (![get('winlog.channel'), get('winlog.provider_name'), get('event.provider')].some(isSysmonSource)) {
        sink.ignored(line);
        return;
      }
      const eventData = (name: string): unknown => get(`winlog.event_data.${name}`);
      const idField = get('winlog.event_id') !== undefined ? 'winlog.event_id' : 'event.code';
      const hostField = get('winlog.computer_name') !== undefined ? 'winlog.computer_name' : 'host.name';
      emitSysmonEvent(
        {
          eventId: get(idField),
          host: get(hostField),
          time: get('@timestamp'),
          data: (name) => eventData(name) ?? ecsFallback(name, get)?.value,
        },
        line,
        sink,
        {
          eventId: idField,
          host: hostField,
          time: '@timestamp',
          data: (name) => (eventData(name) === undefined ? ecsFallback(name, get)?.path : undefined) ?? `winlog.event_data.${name}`,
        },
      );
    },
    end() {},
  }) satisfies LineParser,
};
