import { MalformedRecordError, type SightlineError } from '../../errors/index.js';
import { checkPort, checkTime } from '../../bounds.js';
import { optionalCount, optionalDuration, optionalPort, requireIp } from '../fields.js';
import type { LineParser, LinesReader, RecordSink } from '../records.js';
import { parseTimestamp } from '../time.js';

const REQUIRED = ['StartTime', 'SrcAddr', 'DstAddr'] as const;
const UNSET = ['', undefined];
/** Argus records that are no IP conversation: its own management records and layer-2 flows. */
const NOT_IP = new Set(['man', 'arp', 'rarp', 'llc', 'stp', 'lldp']);

/**
 * Argus bidirectional flows as `ra -c` writes them (the CTU-13 and
 * Stratosphere .binetflow files): a header naming the columns, comma- or
 * TAB-separated, no quoting. Times are naive (`2011/08/10 09:46:53.047277`)
 * and read in the import's zone; ICMP ports are hex; Dir is padded.
 */
export const argusBinetflowReader: LinesReader = {
  kind: 'lines',
  format: 'argus-binetflow',
  description: 'Argus bidirectional flows (.binetflow, ra -c)',
  sniff(head) {
    const first = head.split('\n', 1)[0]?.replace(/\r$/, '') ?? '';
    const delimiter = first.includes('\t') ? '\t' : ',';
    const names = new Set(first.split(delimiter).map((n) => n.trim()));
    return ['StartTime', 'SrcAddr', 'DstAddr', 'Dir'].every((n) => names.has(n));
  },
  create: (options) => new ArgusParser(options.timezone),
};

class ArgusParser implements LineParser {
  private delimiter = ',';
  private names: string[] | null = null;
  private index = new Map<string, number>();
  private headerProblem: SightlineError | null = null;

  constructor(private readonly zone: string) {}

  line(text: string, line: number, sink: RecordSink): void {
    if (text.trim() === '') return;
    if (this.headerProblem) throw new MalformedRecordError(this.headerProblem.message, { line });
    if (!this.names) {
      this.header(text, line);
      return;
    }
    const values = this.split(text, line);
    const get = (name: string): string | undefined => {
      const i = this.index.get(name);
      return i === undefined ? undefined : values[i]?.trim();
    };
    const proto = get('Proto')?.toLowerCase() || null;
    const rawSrc = get('SrcAddr');
    const rawDst = get('DstAddr');
    // MAC addresses (llc), the `0` of a management record: well-formed, not IP traffic.
    if ((proto !== null && NOT_IP.has(proto)) || (looksNonIp(rawSrc) && looksNonIp(rawDst))) {
      sink.ignored(line);
      return;
    }
    const srcIp = requireIp(rawSrc, 'SrcAddr', line);
    const dstIp = requireIp(rawDst, 'DstAddr', line);
    const start = get('StartTime') ?? '';
    const ms = /^\d+(\.\d+)?$/.test(start) ? parseTimestamp(start, 'epoch-s') : parseTimestamp(start, start.includes('/') ? 'ymd' : 'iso', this.zone);
    const ts = checkTime(ms, start, 'StartTime', line);
    const [srcPort, dstPort] = ports(get('Sport'), get('Dport'), proto, line);
    const totBytes = optionalCount(get('TotBytes'), 'TotBytes', line, UNSET);
    const srcBytes = optionalCount(get('SrcBytes'), 'SrcBytes', line, UNSET);
    const totPkts = optionalCount(get('TotPkts'), 'TotPkts', line, UNSET);
    const srcPkts = optionalCount(get('SrcPkts'), 'SrcPkts', line, UNSET);
    sink.connection(
      {
        ts,
        host: srcIp,
        user: null,
        image: null,
        pid: null,
        processGuid: null,
        proto,
        srcIp,
        srcPort,
        dstIp,
        dstPort,
        dstHost: null,
        initiated: null,
        bytesOut: srcBytes,
        bytesIn: optionalCount(get('DstBytes'), 'DstBytes', line, UNSET) ?? difference(totBytes, srcBytes, 'TotBytes', line),
        pktsOut: srcPkts,
        pktsIn: optionalCount(get('DstPkts'), 'DstPkts', line, UNSET) ?? difference(totPkts, srcPkts, 'TotPkts', line),
        duration: optionalDuration(get('Dur'), 'Dur', line, UNSET),
        uid: null,
      },
      line,
    );
  }

  end(): void {
    if (this.headerProblem) throw this.headerProblem;
    if (!this.names) throw new MalformedRecordError('no Argus header line (StartTime, SrcAddr, DstAddr…): the file is empty or cut short');
  }

  private header(text: string, line: number): void {
    this.delimiter = text.includes('\t') ? '\t' : ',';
    const names = text.split(this.delimiter).map((n) => n.trim());
    const missing = REQUIRED.find((n) => !names.includes(n));
    if (missing) {
      // Every later row would be unreadable: fail the file rather than quarantine it row by row.
      this.headerProblem = new MalformedRecordError(`the Argus header has no ${missing} column (it has: ${names.slice(0, 30).join(', ')})`, { line, field: missing });
      throw this.headerProblem;
    }
    this.names = names;
    this.index = new Map(names.map((n, i) => [n, i]));
  }

  private split(text: string, line: number): string[] {
    const names = this.names ?? [];
    const values = text.split(this.delimiter);
    if (values.length === names.length) return values;
    // A label with the delimiter in it: the label is the last column, keep it whole.
    if (values.length > names.length && names.at(-1) === 'Label') {
      return [...values.slice(0, names.length - 1), values.slice(names.length - 1).join(this.delimiter)];
    }
    const what = this.delimiter === '\t' ? 'TAB' : 'comma';
    throw new MalformedRecordError(`expected ${names.length} ${what}-separated fields, found ${values.length} (is the line cut short?)`, { line });
  }
}

function looksNonIp(value: string | undefined): boolean {
  return value === undefined || value === '0' || /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(value);
}

function difference(total: number | null, part: number | null, field: string, line: number): number | null {
  if (total === null || part === null) return null;
  if (part > total) throw new MalformedRecordError(`${field} ${total} is less than the source's share ${part}`, { line, field });
  return total - part;
}

/**
 * Ports are decimal, hex for ICMP (`0x0008`), or empty. For ICMP Argus packs
 * type and code into Sport (little-endian: 0x0303 is type 3 code 3) and puts
 * the echo id in Dport; they become srcPort = type, dstPort = code, as Zeek
 * stores ICMP, so echo ids do not split one peer into thousands of "ports".
 */
function ports(sport: string | undefined, dport: string | undefined, proto: string | null, line: number): [number | null, number | null] {
  const s = port(sport, 'Sport', line);
  if (proto === 'icmp' && s !== null) return [s & 0xff, s >> 8];
  return [s, port(dport, 'Dport', line)];
}

function port(value: string | undefined, field: string, line: number): number | null {
  if (value === undefined || value === '') return null;
  return /^0x[0-9a-f]{1,4}$/i.test(value) ? checkPort(parseInt(value.slice(2), 16), value, field, line) : optionalPort(value, field, line, UNSET);
}
