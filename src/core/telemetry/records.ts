import type { CsvMapping, TelemetryFormat } from '../../shared/types.js';

/**
 * One network connection as every reader normalises it. Times are epoch ms (UTC).
 * `host` is the machine the record describes (a name for endpoint logs, the
 * local address for sensors and firewalls); `srcIp` is the host's side and
 * `dstIp` the peer the graph shows as the destination. Logs that write an
 * inbound connection the other way round (pfirewall RECEIVE) are turned
 * around by their reader, with `initiated` false.
 */
export interface ConnectionEvent {
  ts: number;
  host: string;
  user: string | null;
  image: string | null;
  pid: number | null;
  processGuid: string | null;
  proto: string | null;
  srcIp: string;
  srcPort: number | null;
  dstIp: string;
  dstPort: number | null;
  dstHost: string | null;
  /** Sysmon's Initiated: true when the local process opened the connection. */
  initiated: boolean | null;
  bytesOut: number | null;
  bytesIn: number | null;
  pktsOut: number | null;
  pktsIn: number | null;
  duration: number | null;
  /** The sensor's own connection id (Zeek uid). */
  uid: string | null;
}

/** A process creation (Sysmon event 1), kept to describe the processes that connect. */
export interface ProcessRecord {
  ts: number;
  host: string;
  processGuid: string | null;
  pid: number | null;
  image: string;
  commandLine: string | null;
  user: string | null;
  parentImage: string | null;
  parentCommandLine: string | null;
  hashes: string | null;
  integrityLevel: string | null;
  /** The parent's ProcessGuid: walks the parent chain without guessing by pid or name. */
  parentProcessGuid: string | null;
}

/**
 * A file created or overwritten (Sysmon event 11), kept to tell who wrote a
 * program's image file. `image` is the writing process.
 */
export interface FileCreateRecord {
  ts: number;
  host: string;
  processGuid: string | null;
  pid: number | null;
  image: string | null;
  targetFilename: string;
  /** The file's creation time as Sysmon read it (CreationUtcTime): older than ts when a file was overwritten. */
  creationTs: number | null;
  user: string | null;
}

/** A name resolution (Sysmon event 22, Zeek dns.log): names the destinations it answered with. */
export interface DnsRecord {
  ts: number;
  /** The asking machine: a host name (Sysmon) or the client address (Zeek). */
  host: string;
  image: string | null;
  query: string;
  /** The IPv4/IPv6 addresses of the answer, normalised; CNAMEs and other record types are left out. */
  answers: string[];
}

/** An IDS alert (Suricata eve.json, a SIEM alert export): becomes a finding with its signature. */
export interface AlertRecord {
  ts: number;
  host: string | null;
  proto: string | null;
  srcIp: string | null;
  srcPort: number | null;
  dstIp: string | null;
  dstPort: number | null;
  signature: string;
  signatureId: string | null;
  category: string | null;
  /** As the source states it (Suricata: 1 = high … 4 = low; SIEMs: words). */
  severity: string | null;
  /** allowed / blocked, when the sensor says. */
  action: string | null;
}

/** Where a reader hands what it parsed; the import writes it to the case. */
export interface RecordSink {
  connection(e: ConnectionEvent, line: number): void;
  process(p: ProcessRecord, line: number): void;
  dns(d: DnsRecord, line: number): void;
  alert(a: AlertRecord, line: number): void;
  fileCreate(f: FileCreateRecord, line: number): void;
  /** A well-formed record that is not network telemetry (another event id or channel). */
  ignored(line: number): void;
}

/** What the user chose for one import, handed to every parser. */
export interface ReaderOptions {
  /** IANA zone for timestamps written without an offset (pfirewall.log, locale CSV); default UTC. */
  timezone: string;
  /** The column mapping of a generic CSV/TSV export (format csv-mapped only). */
  mapping?: CsvMapping;
}

/**
 * A reader of one text format: fed one line at a time, it throws
 * MalformedRecordError (with line and field, without file: the import adds
 * it) for a record it cannot read. The import quarantines that record and
 * goes on with the next line, so a parser must be ready for the next line
 * after throwing (state left consistent).
 */
export interface LineParser {
  line(text: string, number: number, sink: RecordSink): void;
  /** Called after the last line; may throw for a file cut short (that fails the whole file). */
  end(lastLine: number): void;
}

/**
 * A reader that reads the file itself rather than line by line: binary
 * formats (EVTX) and text whose records ignore line breaks (wevtutil XML).
 * `record` numbers stand in for line numbers in errors and quarantine.
 * Open the content with `contentStream` (line-reader.ts), which gunzips .gz.
 */
export interface StreamParser {
  read(
    file: string,
    sink: RecordSink,
    hooks: {
      /** Called with each chunk of file bytes (for the content hash) in order. */
      onChunk(chunk: Buffer): void;
      /** Called with the number of file bytes read, for progress. */
      onBytes(n: number): void;
      /** A record that could not be read: the import quarantines it and the parser goes on. */
      onBadRecord(err: Error, record: number, raw: string): void;
      signal?: AbortSignal;
    },
  ): Promise<void>;
}

interface ReaderBase {
  format: TelemetryFormat;
  description: string;
}

/** Fed line by line by the import (most formats). */
export interface LinesReader extends ReaderBase {
  kind: 'lines';
  /** True when the first bytes of a file (as UTF-8 text, BOM removed) are in this format. */
  sniff(head: string): boolean;
  create(options: ReaderOptions): LineParser;
}

/** Reads the file itself (see StreamParser). */
export interface StreamReader extends ReaderBase {
  kind: 'stream';
  /** True when the first bytes of the content (gunzipped, up to 64 KB) are this format. */
  sniffBytes(head: Buffer): boolean;
  create(options: ReaderOptions): StreamParser;
}

export type TelemetryReader = LinesReader | StreamReader;
