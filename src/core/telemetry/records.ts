import type { TelemetryFormat } from '../../shared/types.js';

/** One network connection as every reader normalises it. Times are epoch ms (UTC). */
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
}

/** Where a reader hands what it parsed; the import writes it to the case. */
export interface RecordSink {
  connection(e: ConnectionEvent, line: number): void;
  process(p: ProcessRecord, line: number): void;
  /** A well-formed record that is not network telemetry (another event id or channel). */
  ignored(line: number): void;
}

/**
 * A reader of one format: fed one line at a time, it throws
 * MalformedRecordError (with line and field, without file: the import adds
 * it) for a record it cannot read.
 */
export interface LineParser {
  line(text: string, number: number, sink: RecordSink): void;
  /** Called after the last line; may throw for a file cut short. */
  end(lastLine: number): void;
}

export interface TelemetryReader {
  format: TelemetryFormat;
  description: string;
  /** True when the first bytes of a file are in this format. */
  sniff(head: string): boolean;
  create(): LineParser;
}
