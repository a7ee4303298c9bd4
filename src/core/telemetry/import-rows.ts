import {
  checkCount, checkDuration, checkFilePath, checkHost, checkImage, checkPid, checkPort, checkTime, isCount, isDuration, isPid, isPort, isStorableTime,
  MAX_HOST_CHARS, MAX_IMAGE_CHARS, RELATIVE_TIMES_BEFORE_MS,
} from '../bounds.js';
import { MalformedRecordError, type SightlineError } from '../errors/index.js';
import { filePathKey } from './file-path-key.js';
import type { AlertRecord, ConnectionEvent, DnsRecord, FileCreateRecord, ProcessRecord, RecordSink } from './records.js';

/**
 * The rows an import writes, as flat value lists in column order, and the
 * sink that makes them from a reader's records. Shared by the import (main
 * thread) and the parse worker, so it imports nothing native; how the rows
 * travel between the two is packed-batch.ts.
 */

/** A column's kind: 'n' a number or null, 's' a string or null. */
export type ColumnKind = 'n' | 's';

export interface TableSpec {
  table: string;
  /** Column names (after import_id, which the writer adds), in the order of the values. */
  columns: readonly string[];
  kinds: readonly ColumnKind[];
  /** Rows of the import: the writer adds import_id. */
  perImport: boolean;
  /**
   * Bit c set: string column c repeats a few values over many rows (hosts,
   * addresses), so packed batches send each value once per file and then
   * its number (see packed-batch.ts). Written ':d' in the column list.
   */
  coded: number;
}

function spec(table: string, columns: string, more: { perImport?: boolean } = {}): TableSpec {
  const cols = columns.split(/\s+/).filter(Boolean);
  return {
    table,
    columns: cols.map((c) => c.split(':')[0] as string),
    kinds: cols.map((c) => (c.endsWith(':s') || c.endsWith(':d') ? 's' : 'n')),
    perImport: more.perImport ?? true,
    coded: cols.reduce((mask, c, i) => (c.endsWith(':d') ? mask | (1 << i) : mask), 0),
  };
}

export const EVENTS = 0;
export const PROCESSES = 1;
export const DNS = 2;
export const ALERTS = 3;
export const QUARANTINE = 4;
export const FILE_CREATIONS = 5;
export type TableId = typeof EVENTS | typeof PROCESSES | typeof DNS | typeof ALERTS | typeof QUARANTINE | typeof FILE_CREATIONS;

export const TABLES: readonly TableSpec[] = [
  spec(
    'events',
    `line ts host:d user:s image:s pid process_guid:s proto:s src_ip:d src_port dst_ip:d dst_port dst_host:s initiated
     bytes_out bytes_in pkts_out pkts_in duration uid:s`,
  ),
  spec(
    'processes',
    'line ts host:s process_guid:s pid image:s command_line:s user:s parent_image:s parent_command_line:s hashes:s integrity_level:s parent_process_guid:s',
  ),
  spec('dns_answers', 'line ts host:s image:s query:s ip:s'),
  spec('alerts', 'line ts host:s proto:s src_ip:s src_port dst_ip:s dst_port signature:s signature_id:s category:s severity:s action:s'),
  spec('quarantine', 'line field:s reason:s raw:s'),
  // target_key: the target path as filePathKey() folds it, what lineage looks an image up by.
  spec('file_creations', 'line ts host:d process_guid:s pid image:s target_filename:s target_key:s creation_ts user:s'),
];

/** Where the collector hands each row; `values` is reused by the caller after the call returns. */
export interface RowTarget {
  row(table: TableId, values: readonly unknown[]): void;
}

export interface RecordCounts {
  events: number;
  processes: number;
  dns: number;
  alerts: number;
  /** Files created (Sysmon event 11). */
  fileCreations: number;
  ignored: number;
  quarantined: number;
  /** Records stored with a time before RELATIVE_TIMES_BEFORE_MS (core/bounds.ts): the summary warns of relative times. */
  early: number;
}

/** Records an import keeps (everything but the ignored and the quarantined): a file with none is empty. */
export function storedRecords(c: RecordCounts): number {
  return c.events + c.processes + c.dns + c.alerts + c.fileCreations;
}

/** An events row's numbers and node-id names (see TABLES) all within their bounds: one branch per row on the hot path. */
function eventRowInBounds(r: readonly unknown[]): boolean {
  const pid = r[5] as number | null;
  const srcPort = r[9] as number | null;
  const dstPort = r[11] as number | null;
  const bytesOut = r[14] as number | null;
  const bytesIn = r[15] as number | null;
  const pktsOut = r[16] as number | null;
  const pktsIn = r[17] as number | null;
  const duration = r[18] as number | null;
  return (
    isStorableTime(r[1] as number) &&
    (pid === null || isPid(pid)) &&
    (srcPort === null || isPort(srcPort)) &&
    (dstPort === null || isPort(dstPort)) &&
    (bytesOut === null || isCount(bytesOut)) &&
    (bytesIn === null || isCount(bytesIn)) &&
    (pktsOut === null || isCount(pktsOut)) &&
    (pktsIn === null || isCount(pktsIn)) &&
    (duration === null || isDuration(duration)) &&
    (r[2] as string).length <= MAX_HOST_CHARS &&
    (r[4] === null || (r[4] as string).length <= MAX_IMAGE_CHARS)
  );
}

type Check = (n: number, raw: unknown, field: string, line: number) => number;
/** The events row's numeric columns: position, the record's field, its check. */
const EVENT_NUMBERS: readonly [number, string, Check][] = [
  [1, 'ts', checkTime],
  [5, 'pid', checkPid],
  [9, 'srcPort', checkPort],
  [11, 'dstPort', checkPort],
  [14, 'bytesOut', checkCount],
  [15, 'bytesIn', checkCount],
  [16, 'pktsOut', checkCount],
  [17, 'pktsIn', checkCount],
  [18, 'duration', checkDuration],
];

/** Throws for the first value of an events row out of bounds, naming the record's field. */
function refuseEventRow(r: readonly unknown[], line: number): void {
  for (const [i, field, check] of EVENT_NUMBERS) {
    const v = r[i];
    if (v !== null) check(v as number, v, field, line);
  }
  checkHost(r[2] as string, 'host', line);
  checkImage(r[4] as string | null, 'image', line);
}

/** Quarantined records kept verbatim per file; past it they are counted only. */
const QUARANTINE_KEEP = 100_000;
const QUARANTINE_RAW_CHARS = 4096;
/** This many bad records before a single good one: the file is not in the format it was read as. */
const GIVE_UP_AFTER_BAD = 1000;

/**
 * The sink every reader writes to during an import: turns records into rows,
 * counts them, and quarantines the records a reader rejected (line, field,
 * reason, raw text). It gives up on the file after GIVE_UP_AFTER_BAD bad
 * records with not one good one: the file is not in the format it was read as.
 *
 * Every record passes here on its way to a row, in the parse worker and in
 * the importing thread alike, whatever the reader: so here every number is
 * held to its bound (core/bounds.ts) once more before anything is written,
 * and so are the host names and image paths that become graph node ids.
 * Readers check as they read, naming the field as the file writes it; a
 * value that still gets here out of bounds is refused naming the record's
 * field (ts, dstPort...), and its record is quarantined like any other.
 */
export class RecordCollector implements RecordSink {
  readonly counts: RecordCounts = { events: 0, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0, early: 0 };
  firstProblem: SightlineError | null = null;
  private readonly scratch: unknown[] = new Array(20);

  constructor(
    private readonly target: RowTarget,
    private readonly format: string,
    private readonly fileName: string,
  ) {}

  stored(): number {
    return storedRecords(this.counts);
  }

  connection(e: ConnectionEvent, line: number): void {
    const r = this.scratch;
    r[0] = line;
    r[1] = e.ts;
    r[2] = e.host;
    r[3] = e.user;
    r[4] = e.image;
    r[5] = e.pid;
    r[6] = e.processGuid;
    r[7] = e.proto;
    r[8] = e.srcIp;
    r[9] = e.srcPort;
    r[10] = e.dstIp;
    r[11] = e.dstPort;
    r[12] = e.dstHost;
    r[13] = e.initiated === null ? null : e.initiated ? 1 : 0;
    r[14] = e.bytesOut;
    r[15] = e.bytesIn;
    r[16] = e.pktsOut;
    r[17] = e.pktsIn;
    r[18] = e.duration;
    r[19] = e.uid;
    // Checked on the row, not the record: connection() must stay small enough for V8 to inline it
    // into the readers, which then never build the record object (-12% parse time measured).
    if (!eventRowInBounds(r)) refuseEventRow(r, line);
    this.target.row(EVENTS, r);
    this.counts.events++;
    if (e.ts < RELATIVE_TIMES_BEFORE_MS) this.counts.early++;
  }

  process(p: ProcessRecord, line: number): void {
    this.time(p.ts, line);
    if (p.pid !== null) checkPid(p.pid, p.pid, 'pid', line);
    checkHost(p.host, 'host', line);
    checkImage(p.image, 'image', line);
    const r = this.scratch;
    r[0] = line;
    r[1] = p.ts;
    r[2] = p.host;
    r[3] = p.processGuid;
    r[4] = p.pid;
    r[5] = p.image;
    r[6] = p.commandLine;
    r[7] = p.user;
    r[8] = p.parentImage;
    r[9] = p.parentCommandLine;
    r[10] = p.hashes;
    r[11] = p.integrityLevel;
    r[12] = p.parentProcessGuid;
    this.target.row(PROCESSES, r);
    this.counts.processes++;
  }

  dns(d: DnsRecord, line: number): void {
    this.time(d.ts, line);
    checkHost(d.host, 'host', line);
    checkImage(d.image, 'image', line);
    const r = this.scratch;
    for (const ip of d.answers) {
      r[0] = line;
      r[1] = d.ts;
      r[2] = d.host;
      r[3] = d.image;
      r[4] = d.query;
      r[5] = ip;
      this.target.row(DNS, r);
    }
    this.counts.dns++;
  }

  alert(a: AlertRecord, line: number): void {
    this.time(a.ts, line);
    if (a.srcPort !== null) checkPort(a.srcPort, a.srcPort, 'srcPort', line);
    if (a.dstPort !== null) checkPort(a.dstPort, a.dstPort, 'dstPort', line);
    checkHost(a.host, 'host', line);
    const r = this.scratch;
    r[0] = line;
    r[1] = a.ts;
    r[2] = a.host;
    r[3] = a.proto;
    r[4] = a.srcIp;
    r[5] = a.srcPort;
    r[6] = a.dstIp;
    r[7] = a.dstPort;
    r[8] = a.signature;
    r[9] = a.signatureId;
    r[10] = a.category;
    r[11] = a.severity;
    r[12] = a.action;
    this.target.row(ALERTS, r);
    this.counts.alerts++;
  }

  fileCreate(f: FileCreateRecord, line: number): void {
    this.time(f.ts, line);
    if (f.creationTs !== null) checkTime(f.creationTs, f.creationTs, 'creationTs', line);
    if (f.pid !== null) checkPid(f.pid, f.pid, 'pid', line);
    checkHost(f.host, 'host', line);
    checkImage(f.image, 'image', line);
    checkFilePath(f.targetFilename, 'targetFilename', line);
    const r = this.scratch;
    r[0] = line;
    r[1] = f.ts;
    r[2] = f.host;
    r[3] = f.processGuid;
    r[4] = f.pid;
    r[5] = f.image;
    r[6] = f.targetFilename;
    r[7] = filePathKey(f.targetFilename);
    r[8] = f.creationTs;
    r[9] = f.user;
    this.target.row(FILE_CREATIONS, r);
    this.counts.fileCreations++;
  }

  ignored(): void {
    this.counts.ignored++;
  }

  /** A record's time held to its bound, and counted when it looks relative. */
  private time(ts: number, line: number): void {
    checkTime(ts, ts, 'ts', line);
    if (ts < RELATIVE_TIMES_BEFORE_MS) this.counts.early++;
  }

  /** A record the reader rejected: quarantined, and the import goes on (unless nothing good came before GIVE_UP_AFTER_BAD of them). */
  bad(err: SightlineError, line: number, raw: string): void {
    const c = this.counts;
    c.quarantined++;
    this.firstProblem ??= err;
    if (c.quarantined <= QUARANTINE_KEEP) {
      const r = this.scratch;
      r[0] = err.location.line ?? line;
      r[1] = err.location.field ?? null;
      r[2] = err.message;
      r[3] = raw.slice(0, QUARANTINE_RAW_CHARS);
      this.target.row(QUARANTINE, r);
    }
    if (c.quarantined >= GIVE_UP_AFTER_BAD && this.stored() === 0) {
      const first = this.firstProblem;
      throw new MalformedRecordError(
        `the first ${GIVE_UP_AFTER_BAD} records could not be read as ${this.format}; is this the right format? First problem: ${err.message}`,
        { file: this.fileName, line: first.location.line, field: first.location.field },
      );
    }
  }
}
