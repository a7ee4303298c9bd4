import { MalformedRecordError } from '../../errors/index.js';
import { normalizeIp } from '../../net/index.js';
import { checkTime } from '../../bounds.js';
import { optionalPid, optionalPort, optionalText, requireIp, sysmonUtcTime } from '../fields.js';
import type { RecordSink } from '../records.js';

/**
 * The Sysmon field logic shared by every Sysmon reader (JSON, ECS JSON, CSV,
 * XML, EVTX): each reader only finds the envelope (event id, host, channel)
 * and the EventData fields by their Sysmon names, then hands them here.
 */

/** One Sysmon event as any export carries it. */
export interface SysmonEvent {
  /** EventID: a number, or digits as text (Winlogbeat 8 and CSV exports write "3"). */
  eventId: unknown;
  /** The computer the event was logged on. */
  host: unknown;
  /** The envelope's time (TimeCreated, @timestamp, _time), used only when UtcTime is absent; a number is epoch ms. */
  time?: unknown;
  /** An EventData field by its Sysmon name (Image, DestinationIp, UtcTime...); undefined when absent. */
  data(name: string): unknown;
}

/** What the format calls the envelope fields, so an error names the field the user can find in the file. */
export interface SysmonFieldNames {
  eventId?: string;
  host?: string;
  time?: string;
  /** The name of an EventData field in this format (default: the Sysmon name itself). */
  data?: (name: string) => string;
}

/**
 * True for Sysmon's provider or channel name, however the shipper spells it:
 * "Microsoft-Windows-Sysmon", ".../Operational", or Splunk's
 * "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational".
 */
export function isSysmonSource(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase().includes('microsoft-windows-sysmon');
}

const INTEGER = /^\s*\d{1,10}\s*$/;

/** Sysmon's EventID as a number; throws for anything but a non-negative integer. */
export function sysmonEventId(value: unknown, field: string, line: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && INTEGER.test(value)) return Number(value);
  throw new MalformedRecordError(`the event id "${String(value ?? '').slice(0, 40)}" is not a number`, { line, field });
}

/**
 * Event 3 becomes a connection, 1 a process record, 11 a file creation, 22
 * a DNS record (when it answered with an address); every other event id is
 * counted as ignored. Source and destination stay as
 * Sysmon logged them: Initiated is kept, never used to swap sides, because
 * Sysmon reports Initiated=false for outbound UDP.
 */
export function emitSysmonEvent(e: SysmonEvent, line: number, sink: RecordSink, names: SysmonFieldNames = {}): void {
  const id = sysmonEventId(e.eventId, names.eventId ?? 'EventID', line);
  if (id !== 1 && id !== 3 && id !== 11 && id !== 22) {
    sink.ignored(line);
    return;
  }
  const field = names.data ?? ((name: string) => name);
  const text = (name: string): string | null => optionalText(e.data(name));
  const port = (name: string): number | null => optionalPort(e.data(name), field(name), line);
  const pid = (): number | null => optionalPid(e.data('ProcessId'), field('ProcessId'), line);

  const host = optionalText(e.host);
  if (host === null) throw new MalformedRecordError('the event has no host (computer) name', { line, field: names.host ?? 'Hostname' });
  const ts = eventTime(e, line, field('UtcTime'), names.time ?? 'TimeCreated');

  if (id === 3) {
    const initiated = text('Initiated');
    sink.connection(
      {
        ts,
        host,
        user: text('User'),
        image: text('Image'),
        pid: pid(),
        processGuid: text('ProcessGuid'),
        proto: text('Protocol'),
        srcIp: requireIp(e.data('SourceIp'), field('SourceIp'), line),
        srcPort: port('SourcePort'),
        dstIp: requireIp(e.data('DestinationIp'), field('DestinationIp'), line),
        dstPort: port('DestinationPort'),
        dstHost: text('DestinationHostname'),
        initiated: initiated === null ? null : initiated.toLowerCase() === 'true',
        bytesOut: null,
        bytesIn: null,
        pktsOut: null,
        pktsIn: null,
        duration: null,
        uid: null,
      },
      line,
    );
    return;
  }

  if (id === 1) {
    const image = text('Image');
    if (image === null) throw new MalformedRecordError('the process creation has no Image', { line, field: field('Image') });
    sink.process(
      {
        ts,
        host,
        processGuid: text('ProcessGuid'),
        pid: pid(),
        image,
        commandLine: text('CommandLine'),
        user: text('User'),
        parentImage: text('ParentImage'),
        parentCommandLine: text('ParentCommandLine'),
        hashes: text('Hashes'),
        integrityLevel: text('IntegrityLevel'),
        parentProcessGuid: text('ParentProcessGuid'),
      },
      line,
    );
    return;
  }

  if (id === 11) {
    emitFileCreate(e, line, sink, host, ts, field);
    return;
  }

  // A failed lookup or a CNAME-only answer names no destination: ignored, as the Zeek dns readers do.
  const answers = queryAnswers(e.data('QueryResults'));
  if (answers.length === 0) {
    sink.ignored(line);
    return;
  }
  const query = text('QueryName');
  if (query === null) throw new MalformedRecordError('the DNS query has no QueryName', { line, field: field('QueryName') });
  sink.dns({ ts, host, image: text('Image'), query, answers }, line);
}

/** Event 11: a file created or overwritten, and the process that wrote it. Apart, so the event 3 path stays as small as it was. */
function emitFileCreate(e: SysmonEvent, line: number, sink: RecordSink, host: string, ts: number, field: (name: string) => string): void {
  const target = optionalText(e.data('TargetFilename'));
  if (target === null) throw new MalformedRecordError('the file creation has no TargetFilename', { line, field: field('TargetFilename') });
  const created = e.data('CreationUtcTime');
  sink.fileCreate(
    {
      ts,
      host,
      processGuid: optionalText(e.data('ProcessGuid')),
      pid: optionalPid(e.data('ProcessId'), field('ProcessId'), line),
      image: optionalText(e.data('Image')),
      targetFilename: target,
      creationTs: optionalText(created) === null ? null : sysmonUtcTime(created, field('CreationUtcTime'), line),
      user: optionalText(e.data('User')),
    },
    line,
  );
}

/** UtcTime (when Sysmon saw it); the envelope's time only for shippers that moved UtcTime elsewhere. */
function eventTime(e: SysmonEvent, line: number, utcField: string, timeField: string): number {
  const utc = e.data('UtcTime');
  if (optionalText(utc) !== null) return sysmonUtcTime(utc, utcField, line);
  if (typeof e.time === 'number') return checkTime(Math.round(e.time), e.time, timeField, line);
  if (optionalText(e.time) !== null) return sysmonUtcTime(e.time, timeField, line);
  throw new MalformedRecordError('the event has no UtcTime', { line, field: utcField });
}

/**
 * The addresses in Sysmon's QueryResults ("type:  5 edge.microsoft.com;
 * ::ffff:13.107.21.200;13.107.21.200;"), normalised and without repeats:
 * `type:` entries are CNAMEs and other records, "-" is a failed query.
 * An array (Winlogbeat's dns.resolved_ip) is read the same way.
 */
export function queryAnswers(value: unknown): string[] {
  // Commas too: a CSV export joins an array of addresses with ", ", and no QueryResults entry holds one.
  const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[;,]/) : [];
  const answers = new Set<string>();
  for (const entry of entries) {
    if (typeof entry !== 'string' || entry.startsWith('type:')) continue;
    const ip = normalizeIp(entry.trim());
    if (ip !== null) answers.add(ip);
  }
  return [...answers];
}
