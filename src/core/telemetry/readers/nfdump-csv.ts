import { MalformedRecordError } from '../../errors/index.js';
import { checkTime } from '../../bounds.js';
import { optionalCount, optionalDuration, optionalPort, requireIp } from '../fields.js';
import type { LineParser, LinesReader, RecordSink } from '../records.js';
import { parseTimestamp } from '../time.js';

/** How every `nfdump -o csv` header starts (1.6 and 1.7 alike); nothing else is claimed. */
const HEADER_START = 'ts,te,td,sa,da,sp,dp,pr';
/** The block nfdump appends after the flows: `Summary`, a header, one line of totals. */
const SUMMARY = 'Summary';
const SUMMARY_HEADER_START = 'flows,';
const UNSET = ['', undefined];

/**
 * NetFlow/IPFIX flows as `nfdump -o csv` prints them: a 48-column header,
 * one row per flow, then the Summary block (absent with -q). Times are the
 * collector's local wall clock without an offset: read in the import's zone.
 * Outputs concatenated (header again after a Summary) are read as one.
 */
export const nfdumpCsvReader: LinesReader = {
  kind: 'lines',
  format: 'nfdump-csv',
  description: 'nfdump flows (nfdump -o csv)',
  sniff: (head) => head.startsWith(HEADER_START),
  create: (options) => new NfdumpCsvParser(options.timezone),
};

class NfdumpCsvParser implements LineParser {
  private columns = 0;
  private index = new Map<string, number>();
  /** Lines of the Summary block still expected: 2 after `Summary`, 1 after its header. */
  private summaryLeft = 0;

  constructor(private readonly zone: string) {}

  line(text: string, line: number, sink: RecordSink): void {
    if (text.startsWith(HEADER_START)) {
      const names = text.split(',').map((n) => n.trim());
      this.columns = names.length;
      this.index = new Map(names.map((n, i) => [n, i]));
      this.summaryLeft = 0;
      return;
    }
    if (this.summary(text)) return;
    if (text.trim() === '') return;
    if (this.columns === 0) throw new MalformedRecordError('a record comes before the nfdump CSV header', { line });
    const values = text.split(',');
    if (values.length !== this.columns) {
      throw new MalformedRecordError(`expected ${this.columns} comma-separated fields, found ${values.length} (is the line cut short?)`, { line });
    }
    const get = (name: string): string | undefined => {
      const i = this.index.get(name);
      return i === undefined ? undefined : values[i]?.trim();
    };
    const proto = get('pr')?.toLowerCase() || null;
    const srcIp = requireIp(get('sa'), 'sa', line);
    const rawTs = get('ts') ?? '';
    const ts = checkTime(parseTimestamp(rawTs, 'auto', this.zone), rawTs, 'ts', line);
    const [srcPort, dstPort] = ports(get('sp'), get('dp'), proto, line);
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
        dstIp: requireIp(get('da'), 'da', line),
        dstPort,
        dstHost: null,
        initiated: null,
        // "in" is nfdump's flow direction (source to destination): what the source sent.
        bytesOut: optionalCount(get('ibyt'), 'ibyt', line, UNSET),
        bytesIn: optionalCount(get('obyt'), 'obyt', line, UNSET),
        pktsOut: optionalCount(get('ipkt'), 'ipkt', line, UNSET),
        pktsIn: optionalCount(get('opkt'), 'opkt', line, UNSET),
        duration: optionalDuration(get('td'), 'td', line, UNSET),
        uid: null,
      },
      line,
    );
  }

  end(): void {
    if (this.columns === 0) throw new MalformedRecordError('no nfdump CSV header (ts,te,td,sa,da,…): the file is cut short or not nfdump -o csv output');
  }

  /** True for a line of the Summary block. Strict, so a flow after a stray `Summary` is still read (or quarantined), never dropped. */
  private summary(text: string): boolean {
    if (text === SUMMARY && this.columns > 0) {
      this.summaryLeft = 2;
      return true;
    }
    if (this.summaryLeft === 2 && text.startsWith(SUMMARY_HEADER_START)) {
      this.summaryLeft = 1;
      return true;
    }
    if (this.summaryLeft === 1 && /^[\d.,]+$/.test(text)) {
      this.summaryLeft = 0;
      return true;
    }
    this.summaryLeft = 0;
    return false;
  }
}

/**
 * nfdump writes ICMP type and code as `type.code` in dp (1.7) or as
 * type*256+code (1.6); they become srcPort = type, dstPort = code, the way
 * Zeek stores ICMP.
 */
function ports(sp: string | undefined, dp: string | undefined, proto: string | null, line: number): [number | null, number | null] {
  const icmp = proto === 'icmp' || proto === 'icmp6' || proto === 'ipv6-icmp';
  if (icmp && dp !== undefined) {
    const dotted = /^(\d{1,3})\.(\d{1,3})$/.exec(dp);
    if (dotted) return [Number(dotted[1]), Number(dotted[2])];
    const n = optionalPort(dp, 'dp', line, UNSET);
    if (n !== null && (sp === '0' || sp === undefined)) return [n >> 8, n & 0xff];
  }
  return [optionalPort(sp, 'sp', line, UNSET), optionalPort(dp, 'dp', line, UNSET)];
}
