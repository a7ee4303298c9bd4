import { MalformedRecordError } from '../../errors/index.js';
import { normalizeIp } from '../../net/index.js';
import { optionalText, requireIp } from '../fields.js';
import type { LinesReader } from '../records.js';
import { column, epochAt, ZeekTsvParser, zeekTsvStream } from './zeek-tsv.js';

/**
 * Zeek dns.log in Zeek's own TSV (header machinery in zeek-tsv.ts). A
 * lookup that answered with addresses names those destinations; lookups
 * without one (NXDOMAIN, CNAME or PTR only, unanswered) name nothing and are
 * counted as ignored.
 */
export const zeekDnsTsvReader: LinesReader = {
  kind: 'lines',
  format: 'zeek-dns-tsv',
  description: 'Zeek dns.log (TSV with #fields header)',
  sniff: (head) => zeekTsvStream(head) === 'dns',
  create: () =>
    new ZeekTsvParser('dns', ['ts', 'id.orig_h', 'query', 'answers'], ({ index, unset, list }) => {
      const ts = index('ts');
      const origH = index('id.orig_h');
      const query = index('query');
      const answers = index('answers');
      return (v, line, sink) => {
        const time = epochAt(v, ts, 'ts', line);
        const host = requireIp(column(v, origH), 'id.orig_h', line);
        const name = optionalText(column(v, query), unset);
        const addresses = addressAnswers(list(column(v, answers)), line);
        if (name === null || addresses.length === 0) {
          sink.ignored(line);
          return;
        }
        sink.dns({ ts: time, host, image: null, query: name, answers: addresses }, line);
      };
    }),
};

/**
 * The addresses among a Zeek `answers` value, normalised and without
 * repeats. Zeek writes every answer as text (names, TXT, SRV targets), so
 * whatever is not an address is left out rather than refused.
 */
export function addressAnswers(values: readonly unknown[], line: number): string[] {
  const ips = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') throw new MalformedRecordError('an answer is not text', { line, field: 'answers' });
    const ip = normalizeIp(value.trim());
    if (ip !== null) ips.add(ip);
  }
  return [...ips];
}
