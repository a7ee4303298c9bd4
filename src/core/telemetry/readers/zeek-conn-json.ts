import { MalformedRecordError } from '../../errors/index.js';
import { epochSecondsOrIso, optionalCount, optionalDuration, optionalPort, optionalText, requireIp } from '../fields.js';
import { parseJsonObject } from './json-line.js';
import type { LineParser, RecordSink, LinesReader } from '../records.js';

/**
 * Zeek conn.log as JSON lines. Zeek itself writes dotted keys (`id.orig_h`);
 * shippers flatten them to underscores (`id_orig_h`) and add their own
 * fields (`@stream`, `@system`), so both spellings are read. Records of
 * other streams in the same file (shippers mix them) are counted as ignored.
 */
export const zeekConnJsonReader: LinesReader = {
  kind: 'lines',
  format: 'zeek-conn-json',
  description: 'Zeek conn.log (JSON lines, dotted or underscore keys)',
  sniff(head) {
    const streams = zeekJsonHeadStreams(head);
    return streams !== null && (streams.has('conn') || streams.has(null));
  },
  create: () => ({
    line(text: string, line: number, sink: RecordSink) {
      if (text.trim() === '') return;
      const o = parseJsonObject(text, line);
      const stream = zeekJsonStream(o);
      if (stream !== null && stream !== 'conn') {
        sink.ignored(line);
        return;
      }
      const get = zeekJsonGetter(o);
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
          srcPort: optionalPort(get('id.orig_p'), 'id.orig_p', line),
          dstIp: requireIp(get('id.resp_h'), 'id.resp_h', line),
          dstPort: optionalPort(get('id.resp_p'), 'id.resp_p', line),
          dstHost: null,
          initiated: null,
          bytesOut: optionalCount(o['orig_bytes'], 'orig_bytes', line),
          bytesIn: optionalCount(o['resp_bytes'], 'resp_bytes', line),
          pktsOut: optionalCount(o['orig_pkts'], 'orig_pkts', line),
          pktsIn: optionalCount(o['resp_pkts'], 'resp_pkts', line),
          duration: optionalDuration(o['duration'], 'duration', line),
          uid: optionalText(o['uid']),
        },
        line,
      );
    },
    end() {},
  }) satisfies LineParser,
};

/** Reads a key in Zeek's dotted spelling or a shipper's underscore one. */
export function zeekJsonGetter(o: Record<string, unknown>): (key: string) => unknown {
  return (key) => o[key] ?? o[key.replace('.', '_')];
}

/**
 * The stream a Zeek JSON record belongs to: what `_path` (json-streaming
 * logs) or `@stream` (shippers) says, else told by fields only one stream
 * has; null when nothing tells (plain Zeek JSON of a stream we do not know).
 */
export function zeekJsonStream(o: Record<string, unknown>): string | null {
  const stream = o['_path'] ?? o['@stream'];
  if (stream !== undefined && stream !== null) return String(stream);
  if ('conn_state' in o) return 'conn';
  // Zeek leaves unset fields out: a message without a question has no query
  // or qtype, but every dns record has its flags and `rejected`.
  if ('query' in o || 'qtype' in o || 'trans_id' in o || 'rejected' in o) return 'dns';
  return null;
}

/**
 * The streams of the Zeek records in a file head, or null when its first
 * line is not a Zeek record (a JSON object with both connection addresses).
 * Shippers mix streams in one file, so the whole head is looked at, not the
 * first line only; a line cut by the end of the head is skipped.
 */
export function zeekJsonHeadStreams(head: string): Set<string | null> | null {
  const lines = head.split('\n').filter((l) => l.trim() !== '');
  const streams = new Set<string | null>();
  for (const [i, line] of lines.entries()) {
    const o = tryParseObject(line);
    const zeek = o !== null && zeekJsonGetter(o)('id.orig_h') !== undefined && zeekJsonGetter(o)('id.resp_h') !== undefined;
    if (i === 0 && !zeek) return null;
    if (zeek) streams.add(zeekJsonStream(o));
  }
  return streams.size > 0 ? streams : null;
}

function tryParseObject(text: string): Record<string, unknown> | null {
  const t = text.trim();
  if (!t.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
