import { MalformedRecordError } from '../../errors/index.js';
import { epochSecondsOrIso, optionalCount, optionalNumber, optionalText, requireIp } from '../fields.js';
import { parseJsonObject } from './json-line.js';
import type { LineParser, RecordSink, TelemetryReader } from '../records.js';

/**
 * Zeek conn.log as JSON lines. Zeek itself writes dotted keys (`id.orig_h`);
 * shippers flatten them to underscores (`id_orig_h`) and add their own
 * fields (`@stream`, `@system`), so both spellings are read.
 */
export const zeekConnJsonReader: TelemetryReader = {
  format: 'zeek-conn-json',
  description: 'Zeek conn.log (JSON lines, dotted or underscore keys)',
  sniff(head) {
    const first = head.split('\n', 1)[0]?.trim() ?? '';
    return first.startsWith('{') && /"id[._]orig_h"\s*:/.test(first) && /"id[._]resp_h"\s*:/.test(first);
  },
  create: () => ({
    line(text: string, line: number, sink: RecordSink) {
      if (text.trim() === '') return;
      const o = parseJsonObject(text, line);
      const stream = o['_path'] ?? o['@stream'];
      if (stream !== undefined && stream !== 'conn') {
        sink.ignored(line);
        return;
      }
      const get = (key: string): unknown => o[key] ?? o[key.replace('.', '_')];
      if (get('id.orig_h') === undefined) throw new MalformedRecordError('the record has no id.orig_h', { line, field: 'id.orig_h' });
      const srcIp = requireIp(get('id.orig_h'), 'id.orig_h', line);
      sink.connection(
        {
          ts: epochSecondsOrIso(o['ts'], 'ts', line),
          host: srcIp,
          user: null,
          image: null,
          pid: null,
          processGuid: null,
          proto: optionalText(o['proto']),
          srcIp,
          srcPort: optionalCount(get('id.orig_p'), 'id.orig_p', line),
          dstIp: requireIp(get('id.resp_h'), 'id.resp_h', line),
          dstPort: optionalCount(get('id.resp_p'), 'id.resp_p', line),
          dstHost: null,
          initiated: null,
          bytesOut: optionalCount(o['orig_bytes'], 'orig_bytes', line),
          bytesIn: optionalCount(o['resp_bytes'], 'resp_bytes', line),
          pktsOut: optionalCount(o['orig_pkts'], 'orig_pkts', line),
          pktsIn: optionalCount(o['resp_pkts'], 'resp_pkts', line),
          duration: optionalNumber(o['duration'], 'duration', line),
          uid: optionalText(o['uid']),
        },
        line,
      );
    },
    end() {},
  }) satisfies LineParser,
};
