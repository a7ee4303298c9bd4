import { MalformedRecordError } from '../../errors/index.js';
import { epochSecondsOrIso, optionalCount, optionalNumber, optionalText, requireIp } from '../fields.js';
import type { LineParser, RecordSink, TelemetryReader } from '../records.js';

/**
 * Zeek conn.log in Zeek's own TSV: `#`-directives (#separator, #fields,
 * #unset_field, #empty_field, #close) then one tab-separated row per
 * connection. Several logs concatenated (header again after #close) are read
 * as one. A missing #close is accepted: logs still being written and many
 * published datasets lack it.
 */
export const zeekConnTsvReader: TelemetryReader = {
  format: 'zeek-conn-tsv',
  description: 'Zeek conn.log (TSV with #fields header)',
  sniff(head) {
    if (!head.startsWith('#separator')) return false;
    const path = /^#path\t(.*)$/m.exec(head)?.[1];
    if (path !== undefined && path.trim() !== 'conn') return false;
    return /^#fields\t.*\bid\.orig_h\b.*\bid\.resp_h\b/m.test(head);
  },
  create: () => new ZeekTsvParser(),
};

const REQUIRED = ['ts', 'id.orig_h', 'id.resp_h'] as const;

class ZeekTsvParser implements LineParser {
  private separator = '\t';
  private unset = '-';
  private empty = '(empty)';
  private fields: string[] | null = null;
  private index = new Map<string, number>();

  line(text: string, line: number, sink: RecordSink): void {
    if (text.startsWith('#')) {
      this.directive(text, line);
      return;
    }
    if (text === '') return;
    const fields = this.fields;
    if (!fields) throw new MalformedRecordError('a record comes before the #fields header', { line });
    const values = text.split(this.separator);
    if (values.length !== fields.length) {
      throw new MalformedRecordError(`expected ${fields.length} tab-separated fields, found ${values.length} (is the line cut short?)`, { line });
    }
    // A column absent from #fields reads as undefined: unset too.
    const unset = [this.unset, this.empty, '', undefined];
    const get = (name: string): string | undefined => {
      const i = this.index.get(name);
      return i === undefined ? undefined : values[i];
    };
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
  }

  end(): void {
    if (!this.fields) throw new MalformedRecordError('no #fields header: the file is cut short or not a Zeek log');
  }

  private directive(text: string, line: number): void {
    const sp = text.indexOf(text.startsWith('#separator') ? ' ' : this.separator);
    const name = sp === -1 ? text : text.slice(0, sp);
    const value = sp === -1 ? '' : text.slice(sp + 1);
    switch (name) {
      case '#separator':
        this.separator = unescapeZeek(value);
        break;
      case '#unset_field':
        this.unset = value;
        break;
      case '#empty_field':
        this.empty = value;
        break;
      case '#fields': {
        const fields = value.split(this.separator);
        const missing = REQUIRED.find((f) => !fields.includes(f));
        if (missing) throw new MalformedRecordError(`the #fields header has no "${missing}" column`, { line, field: missing });
        this.fields = fields;
        this.index = new Map(fields.map((f, i) => [f, i]));
        break;
      }
      default:
        // #set_separator, #path, #open, #types, #close: nothing the import needs.
        break;
    }
  }
}

/** Zeek writes the separator escaped, e.g. `\x09`. */
function unescapeZeek(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
