import * as errorKinds from '../errors/error-kinds.js';
import { MalformedRecordError, SightlineError, type ErrorLocation } from '../errors/index.js';
import { EDGE_UPSERT_SET } from './edge-aggregator.js';
import type { AlertRecord, ConnectionEvent, DnsRecord, ProcessRecord, RecordSink } from './records.js';

/**
 * The rows an import writes, as flat value lists in column order, and how
 * they travel from the parsing thread to the writing one. Shared by the
 * import (main thread) and the parse worker, so it imports nothing native.
 */

/** A column's kind: 'n' a number or null, 's' a string or null. */
type ColumnKind = 'n' | 's';

export interface TableSpec {
  table: string;
  /** Column names (after import_id, which the writer adds), in the order of the values. */
  columns: readonly string[];
  kinds: readonly ColumnKind[];
  /** Rows of the import: the writer adds import_id. */
  perImport: boolean;
  /** The ON CONFLICT clause of an upsert. */
  onConflict?: string;
}

function spec(table: string, columns: string, more: { perImport?: boolean; onConflict?: string } = {}): TableSpec {
  const cols = columns.split(/\s+/).filter(Boolean);
  return {
    table,
    columns: cols.map((c) => c.split(':')[0] as string),
    kinds: cols.map((c) => (c.endsWith(':s') ? 's' : 'n')),
    perImport: more.perImport ?? true,
    ...(more.onConflict ? { onConflict: more.onConflict } : {}),
  };
}

export const EVENTS = 0;
export const PROCESSES = 1;
export const DNS = 2;
export const ALERTS = 3;
export const QUARANTINE = 4;
/** Per-edge sums (EdgeTotals, summed by the writer from the events), merged into edge_stats. */
export const EDGES = 5;
export type TableId = typeof EVENTS | typeof PROCESSES | typeof DNS | typeof ALERTS | typeof QUARANTINE | typeof EDGES;

export const TABLES: readonly TableSpec[] = [
  spec(
    'events',
    `line ts host:s user:s image:s pid process_guid:s proto:s src_ip:s src_port dst_ip:s dst_port dst_host:s initiated
     bytes_out bytes_in pkts_out pkts_in duration uid:s`,
  ),
  spec('processes', 'line ts host:s process_guid:s pid image:s command_line:s user:s parent_image:s parent_command_line:s hashes:s integrity_level:s'),
  spec('dns_answers', 'line ts host:s image:s query:s ip:s'),
  spec('alerts', 'line ts host:s proto:s src_ip:s src_port dst_ip:s dst_port signature:s signature_id:s category:s severity:s action:s'),
  spec('quarantine', 'line field:s reason:s raw:s'),
  spec('edge_stats', 'host:s image:s dst_ip:s events bytes_out bytes_in first_ts last_ts ports:s', { perImport: false, onConflict: EDGE_UPSERT_SET }),
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
  ignored: number;
  quarantined: number;
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
 */
export class RecordCollector implements RecordSink {
  readonly counts: RecordCounts = { events: 0, processes: 0, dns: 0, alerts: 0, ignored: 0, quarantined: 0 };
  firstProblem: SightlineError | null = null;
  private readonly scratch: unknown[] = new Array(20);

  constructor(
    private readonly target: RowTarget,
    private readonly format: string,
    private readonly fileName: string,
  ) {}

  stored(): number {
    const c = this.counts;
    return c.events + c.processes + c.dns + c.alerts;
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
    this.target.row(EVENTS, r);
    this.counts.events++;
  }

  process(p: ProcessRecord, line: number): void {
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
    this.target.row(PROCESSES, r);
    this.counts.processes++;
  }

  dns(d: DnsRecord, line: number): void {
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

  ignored(): void {
    this.counts.ignored++;
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

// ---------------------------------------------------------------------------
// Packed batches: rows on their way from the parse worker to the writer.
//
// Structured-cloning a million row objects (or arrays) costs the receiving
// thread as much as inserting them, so each table's rows travel as a
// Float64Array of its number columns (NaN for null: better-sqlite3 binds NaN
// as NULL anyway), an Int32Array of its string lengths (-1 for null) and its
// strings end to end in a few long strings. The arrays are transferred, not
// copied; the receiver cuts the strings out with slice() (ImportWriter.batch).

/**
 * Characters per text chunk: a string is never split across chunks, and a
 * chunk stays under V8's large-object size (128 KB even as two-byte text),
 * since larger strings go straight to the old generation and pile up there as
 * garbage until a full GC.
 */
const CHUNK_CHARS = 60_000;

export interface PackedTable {
  rows: number;
  numbers: Float64Array;
  lengths: Int32Array;
  /** The strings of the rows, in order, none split across two chunks. */
  texts: string[];
}

export interface PackedBatch {
  /** Indexed by TableId; null for a table without rows in this batch. */
  tables: (PackedTable | null)[];
  rows: number;
}

/**
 * Array buffers back from the writer (they travel with the acks): reused for
 * the next batches rather than allocated, so a long import does not churn
 * through (and fragment) the native heap.
 */
class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();

  take(bytes: number): ArrayBuffer {
    return this.free.get(bytes)?.pop() ?? new ArrayBuffer(bytes);
  }

  give(buffer: ArrayBuffer): void {
    let list = this.free.get(buffer.byteLength);
    if (!list) this.free.set(buffer.byteLength, (list = []));
    if (list.length < 8) list.push(buffer);
  }
}

class TableBuilder {
  rows = 0;
  private numbers: Float64Array;
  private lengths: Int32Array;
  private n = 0;
  private s = 0;
  private parts: string[] = [];
  private partChars = 0;
  private chunks: string[] = [];
  textChars = 0;
  private readonly numberColumns: number;
  private readonly stringColumns: number;

  constructor(
    private readonly kinds: readonly ColumnKind[],
    private capacity: number,
    private readonly pool: BufferPool,
  ) {
    this.numberColumns = kinds.filter((k) => k === 'n').length;
    this.stringColumns = kinds.length - this.numberColumns;
    this.numbers = new Float64Array(pool.take(capacity * this.numberColumns * 8));
    this.lengths = new Int32Array(pool.take(capacity * this.stringColumns * 4));
  }

  add(values: readonly unknown[]): void {
    if (this.rows === this.capacity) this.grow();
    const kinds = this.kinds;
    for (let c = 0; c < kinds.length; c++) {
      const v = values[c];
      if (kinds[c] === 'n') {
        this.numbers[this.n++] = typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v);
      } else if (v === null || v === undefined) {
        this.lengths[this.s++] = -1;
      } else {
        const text = typeof v === 'string' ? v : String(v);
        this.lengths[this.s++] = text.length;
        this.parts.push(text);
        this.partChars += text.length;
        this.textChars += text.length;
        if (this.partChars >= CHUNK_CHARS) this.closeChunk();
      }
    }
    this.rows++;
  }

  seal(): PackedTable {
    if (this.partChars > 0) this.closeChunk();
    // The arrays themselves travel (transferred); the next batch gets others from the pool.
    const packed: PackedTable = {
      rows: this.rows,
      numbers: this.numbers.subarray(0, this.n),
      lengths: this.lengths.subarray(0, this.s),
      texts: this.chunks,
    };
    this.numbers = new Float64Array(this.pool.take(this.numbers.byteLength));
    this.lengths = new Int32Array(this.pool.take(this.lengths.byteLength));
    this.rows = 0;
    this.n = 0;
    this.s = 0;
    this.chunks = [];
    this.textChars = 0;
    return packed;
  }

  private closeChunk(): void {
    this.chunks.push(this.parts.join(''));
    this.parts = [];
    this.partChars = 0;
  }

  private grow(): void {
    this.capacity *= 2;
    const numbers = new Float64Array(this.pool.take(this.capacity * this.numberColumns * 8));
    numbers.set(this.numbers);
    const lengths = new Int32Array(this.pool.take(this.capacity * this.stringColumns * 4));
    lengths.set(this.lengths);
    // The smaller arrays are not pooled: nothing asks for that size again.
    this.numbers = numbers;
    this.lengths = lengths;
  }
}

/** The array buffers of a batch the writer is done with: what goes back to the builder. */
export function batchBuffers(batch: PackedBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const t of batch.tables) if (t) out.push(t.numbers.buffer as ArrayBuffer, t.lengths.buffer as ArrayBuffer);
  return out;
}

/** Collects rows into packed batches (the parse worker's RowTarget). */
export class BatchBuilder implements RowTarget {
  private readonly tables: (TableBuilder | null)[] = TABLES.map(() => null);
  private readonly pool = new BufferPool();
  rows = 0;
  textChars = 0;

  constructor(private readonly capacity: number) {}

  /** Buffers of sent batches, back from the writer (batchBuffers): used again. */
  recycle(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) this.pool.give(b);
  }

  row(table: TableId, values: readonly unknown[]): void {
    let t = this.tables[table];
    if (!t) this.tables[table] = t = new TableBuilder((TABLES[table] as TableSpec).kinds, this.capacity, this.pool);
    const before = t.textChars;
    t.add(values);
    this.textChars += t.textChars - before;
    this.rows++;
  }

  /** The rows so far as a batch and the buffers to transfer with it; the builder starts empty again. */
  seal(): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    const transfer: ArrayBuffer[] = [];
    const tables = this.tables.map((t) => {
      if (!t || t.rows === 0) return null;
      const p = t.seal();
      transfer.push(p.numbers.buffer as ArrayBuffer, p.lengths.buffer as ArrayBuffer);
      return p;
    });
    const batch = { tables, rows: this.rows };
    this.rows = 0;
    this.textChars = 0;
    return { batch, transfer };
  }
}

// ---------------------------------------------------------------------------
// Errors across the thread boundary: the same kind, message, line and field.

export interface SerializedError {
  name: string;
  message: string;
  location?: ErrorLocation;
  code?: string;
  stack?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof SightlineError) return { name: err.name, message: err.message, location: { ...err.location }, stack: err.stack };
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return { name: err.name, message: err.message, stack: err.stack, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

type KindClass = new (message: string, location?: ErrorLocation) => SightlineError;

export function deserializeError(e: SerializedError): Error {
  const kind = (errorKinds as Record<string, unknown>)[e.name];
  let err: Error;
  if (typeof kind === 'function' && kind.prototype instanceof SightlineError) {
    err = new (kind as KindClass)(e.message, e.location ?? {});
  } else {
    err = new Error(e.message);
    err.name = e.name;
    if (e.code !== undefined) (err as NodeJS.ErrnoException).code = e.code;
  }
  if (e.stack) err.stack = e.stack;
  return err;
}
