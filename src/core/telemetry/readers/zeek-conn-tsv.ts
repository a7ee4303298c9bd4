import { optionalText, requireIp } from '../fields.js';
import type { LinesReader } from '../records.js';
import { column, epochAt, ZeekTsvParser, zeekTsvStream } from './zeek-tsv.js';

/** Zeek conn.log in Zeek's own TSV (header machinery in zeek-tsv.ts): one row per connection. */
export const zeekConnTsvReader: LinesReader = {
  kind: 'lines',
  format: 'zeek-conn-tsv',
  description: 'Zeek conn.log (TSV with #fields header)',
  sniff: (head) => zeekTsvStream(head) === 'conn',
  create: () =>
    new ZeekTsvParser('conn', ['ts', 'id.orig_h', 'id.resp_h'], ({ index, unset, count, port, duration: seconds }) => {
      const ts = index('ts');
      const uid = index('uid');
      const origH = index('id.orig_h');
      const origP = index('id.orig_p');
      const respH = index('id.resp_h');
      const respP = index('id.resp_p');
      const proto = index('proto');
      const duration = index('duration');
      const origBytes = index('orig_bytes');
      const respBytes = index('resp_bytes');
      const origPkts = index('orig_pkts');
      const respPkts = index('resp_pkts');
      return (v, line, sink) => {
        const srcIp = requireIp(column(v, origH), 'id.orig_h', line);
        sink.connection(
          {
            ts: epochAt(v, ts, 'ts', line),
            host: srcIp,
            user: null,
            image: null,
            pid: null,
            processGuid: null,
            proto: optionalText(column(v, proto), unset),
            srcIp,
            srcPort: port(v, origP, 'id.orig_p', line),
            dstIp: requireIp(column(v, respH), 'id.resp_h', line),
            dstPort: port(v, respP, 'id.resp_p', line),
            dstHost: null,
            initiated: null,
            bytesOut: count(v, origBytes, 'orig_bytes', line),
            bytesIn: count(v, respBytes, 'resp_bytes', line),
            pktsOut: count(v, origPkts, 'orig_pkts', line),
            pktsIn: count(v, respPkts, 'resp_pkts', line),
            duration: seconds(v, duration, 'duration', line),
            uid: optionalText(column(v, uid), unset),
          },
          line,
        );
      };
    }),
};
