import { MalformedRecordError } from '../../errors/index.js';
import { checkTime } from '../../bounds.js';
import { optionalPid, optionalPort, requireIp } from '../fields.js';
import { parseTimestamp } from '../time.js';
import type { LineParser, LinesReader, ReaderOptions, RecordSink } from '../records.js';

/**
 * Windows Firewall pfirewall.log (W3C-style): `#Version`, `#Software`,
 * `#Time Format`, `#Fields` directives, then space-separated rows with `-`
 * for unset. Columns are read by the names in #Fields (Windows 10 1809+
 * appends `pid`). Times are the machine's local wall clock, read in the
 * import's time zone.
 */
export const windowsFirewallReader: LinesReader = {
  kind: 'lines',
  format: 'windows-firewall',
  description: 'Windows Firewall log (pfirewall.log)',
  sniff(head) {
    const lines = head.split('\n').map((l) => l.trim());
    const body = lines.findIndex((l) => !l.startsWith('#'));
    const header = (body === -1 ? lines : lines.slice(0, body)).join('\n');
    return /^#Software: Microsoft Windows Firewall\b/m.test(header) || /^#Fields: date time action protocol src-ip\b/m.test(header);
  },
  create: (options) => new FirewallParser(options),
};

const REQUIRED = ['date', 'time', 'src-ip', 'dst-ip'] as const;

/** IANA protocol numbers Windows writes for protocols it has no name for (IGMP shows as "2"). */
const PROTOCOL_NAMES: Record<string, string> = { '1': 'icmp', '2': 'igmp', '6': 'tcp', '17': 'udp', '41': 'ipv6', '47': 'gre', '50': 'esp', '51': 'ah', '58': 'ipv6-icmp' };

class FirewallParser implements LineParser {
  private fields: string[] | null = null;
  private index = new Map<string, number>();
  private sawFields = false;
  private zone: string;

  constructor(private readonly options: ReaderOptions) {
    this.zone = options.timezone;
  }

  line(text: string, line: number, sink: RecordSink): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) {
      this.directive(trimmed, line);
      return;
    }
    const fields = this.fields;
    if (!fields) {
      throw new MalformedRecordError(this.sawFields ? 'no usable #Fields header for this record (see the header line quarantined above it)' : 'a record comes before the #Fields header', { line });
    }
    const values = trimmed.split(/\s+/);
    if (values.length !== fields.length) {
      throw new MalformedRecordError(`expected ${fields.length} space-separated fields, found ${values.length} (is the line cut short?)`, { line });
    }
    const get = (name: string): string | undefined => {
      const i = this.index.get(name);
      return i === undefined ? undefined : values[i];
    };
    const when = `${get('date')} ${get('time')}`;
    const ts = checkTime(parseTimestamp(when, 'iso', this.zone), when, 'date', line, 'a date and time');
    const action = get('action')?.toUpperCase();
    // Not a packet: the firewall noting how many events it failed to log (the count is in `info`).
    if (action === 'INFO-EVENTS-LOST') {
      sink.ignored(line);
      return;
    }
    // The action (ALLOW, DROP, OPEN, CLOSE…) says whether the firewall let the
    // connection through; ConnectionEvent has no field for a verdict, so it is not kept.
    const src = { ip: requireIp(get('src-ip'), 'src-ip', line), port: optionalPort(get('src-port'), 'src-port', line) };
    const dst = { ip: requireIp(get('dst-ip'), 'dst-ip', line), port: optionalPort(get('dst-port'), 'dst-port', line) };
    const path = get('path')?.toUpperCase();
    // Windows XP's firewall wrote inbound connections as OPEN-INBOUND with no path.
    const inbound = path === 'RECEIVE' || (path !== 'SEND' && action === 'OPEN-INBOUND');
    // RECEIVE is written remote → local; turned around so the local address is the host's side.
    // A broadcast or multicast destination stays the host: the row names no other local address.
    const [local, remote] = inbound ? [dst, src] : [src, dst];
    const protocol = get('protocol');
    sink.connection(
      {
        ts,
        host: local.ip,
        user: null,
        image: null,
        pid: optionalPid(get('pid'), 'pid', line),
        processGuid: null,
        proto: protocol === undefined || protocol === '-' ? null : (PROTOCOL_NAMES[protocol] ?? protocol.toLowerCase()),
        srcIp: local.ip,
        srcPort: local.port,
        dstIp: remote.ip,
        dstPort: remote.port,
        dstHost: null,
        initiated: inbound ? false : path === 'SEND' ? true : null,
        // `size` is the one logged packet's size, not the connection's volume: no byte or packet count to give.
        bytesOut: null,
        bytesIn: null,
        pktsOut: null,
        pktsIn: null,
        duration: null,
        uid: null,
      },
      line,
    );
  }

  end(): void {
    if (!this.sawFields) throw new MalformedRecordError('no #Fields header: the file is cut short or not a Windows Firewall log');
  }

  private directive(text: string, line: number): void {
    const colon = text.indexOf(':');
    const name = (colon === -1 ? text : text.slice(0, colon)).toLowerCase();
    const value = colon === -1 ? '' : text.slice(colon + 1).trim();
    if (name === '#time format') {
      this.zone = value.toUpperCase() === 'UTC' ? 'UTC' : this.options.timezone;
    } else if (name === '#fields') {
      this.sawFields = true;
      this.fields = null;
      const fields = value.split(/\s+/).map((f) => f.toLowerCase());
      const missing = REQUIRED.find((f) => !fields.includes(f));
      if (missing) throw new MalformedRecordError(`the #Fields header has no "${missing}" column`, { line, field: missing });
      this.fields = fields;
      this.index = new Map(fields.map((f, i) => [f, i]));
    }
    // #Version and #Software: nothing the import needs.
  }
}
