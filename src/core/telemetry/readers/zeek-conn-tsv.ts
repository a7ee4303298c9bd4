import { epochSecondsOrIso, optionalCount, optionalNumber, optionalText, requireIp } from '../fields.js';
import type { LinesReader } from '../records.js';
import { ZeekTsvParser, zeekTsvStream } from './zeek-tsv.js';

/** Zeek conn.log in Zeek's own TSV (header machinery in zeek-tsv.ts): one row per connection. */
export const zeekConnTsvReader: LinesReader = {
  kind: 'lines',
  format: 'zeek-conn-tsv',
  description: 'Zeek conn.log (TSV with #fields header)',
  sniff: (head) => zeekTsvStream(head) === 'conn',
  create: () =>
    new ZeekTsvParser('conn', ['ts', 'id.orig_h', 'id.resp_h'], (row, line, sink) => {
      const { get, unset } = row;
      const srcIp = requireIp(get('id.orig_h'), 'id.orig_h', line);
      sink.connection(
        {
          ts: epochSecondsOrIso(get('ts'), 'ts', line),
          host: srcIp,
          user: null,
          image: null,
          pid: null,
          processGuid: null,
          proto: optionalText(get('proto'), unset),
          srcIp,
          srcPort: optionalCount(get('id.orig_p'), 'id.orig_p', line, unset),
          dstIp: requireIp(get('id.resp_h'), 'id.resp_h', line),
          dstPort: optionalCount(get('id.resp_p'), 'id.resp_p', line, unset),
          dstHost: null,
          initiated: null,
          bytesOut: optionalCount(get('orig_bytes'), 'orig_bytes', line, unset),
          bytesIn: optionalCount(get('resp_bytes'), 'resp_bytes', line, unset),
          pktsOut: optionalCount(get('orig_pkts'), 'orig_pkts', line, unset),
          pktsIn: optionalCount(get('resp_pkts'), 'resp_pkts', line, unset),
          duration: optionalNumber(get('duration'), 'duration', line, unset),
          uid: optionalText(get('uid'), unset),
        },
        line,
      );
    }),
};
