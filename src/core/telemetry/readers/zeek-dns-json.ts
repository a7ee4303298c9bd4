import { MalformedRecordError } from '../../errors/index.js';
import { epochSecondsOrIso, optionalText, requireIp } from '../fields.js';
import { parseJsonObject } from './json-line.js';
import type { LineParser, LinesReader, RecordSink } from '../records.js';
import { zeekJsonGetter, zeekJsonHeadStreams, zeekJsonStream } from './zeek-conn-json.js';
import { addressAnswers } from './zeek-dns-tsv.js';

/**
 * Zeek dns.log as JSON lines (dotted or a shipper's underscore keys). Zeek
 * leaves unset fields out, so a lookup without answers has no `answers` key.
 * Records of other streams in the same file are counted as ignored, as are
 * lookups that answered with no address (see zeek-dns-tsv.ts).
 */
export const zeekDnsJsonReader: LinesReader = {
  kind: 'lines',
  format: 'zeek-dns-json',
  description: 'Zeek dns.log (JSON lines, dotted or underscore keys)',
  // Conn records anywhere in the head make it a conn log with DNS mixed in: conn is what the graph needs.
  sniff(head) {
    const streams = zeekJsonHeadStreams(head);
    return streams !== null && streams.has('dns') && !streams.has('conn') && !streams.has(null);
  },
  create: () => ({
    line(text: string, line: number, sink: RecordSink) {
      if (text.trim() === '') return;
      const o = parseJsonObject(text, line);
      if (zeekJsonStream(o) !== 'dns') {
        sink.ignored(line);
        return;
      }
      const get = zeekJsonGetter(o);
      const ts = epochSecondsOrIso(o['ts'], 'ts', line);
      if (get('id.orig_h') === undefined) throw new MalformedRecordError('the record has no id.orig_h', { line, field: 'id.orig_h' });
      const host = requireIp(get('id.orig_h'), 'id.orig_h', line);
      const raw = o['answers'] ?? [];
      if (!Array.isArray(raw)) throw new MalformedRecordError('answers is not a list', { line, field: 'answers' });
      const answers = addressAnswers(raw, line);
      if (o['query'] !== undefined && o['query'] !== null && typeof o['query'] !== 'string') {
        throw new MalformedRecordError('query is not text', { line, field: 'query' });
      }
      const query = optionalText(o['query']);
      if (query === null || answers.length === 0) {
        sink.ignored(line);
        return;
      }
      sink.dns({ ts, host, image: null, query, answers }, line);
    },
    end() {},
  }) satisfies LineParser,
};
