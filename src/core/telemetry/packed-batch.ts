import { ownString } from './own-string.js';
import { TABLES, type ColumnKind, type RowTarget, type TableId, type TableSpec } from './import-rows.js';

// Packed batches: rows on their way from the parse worker to the writer.
//
// Structured-cloning a million row objects (or arrays) costs the receiving
// thread as much as inserting them, so each table's rows travel as a
// Float64Array of its number columns (NaN for null: better-sqlite3 binds NaN
// as NULL anyway), an Int32Array of its string lengths (-1 for null) and its
// strings end to end in a few long strings. The arrays are transferred, not
// copied; the receiver cuts the strings out with slice() (ImportWriter.batch).
// Columns marked coded (hosts, addresses: few values, many rows) send each
// value once per file, then its number in place of the length (-2 - number),
// so the receiver neither cuts nor looks the string up again: it arrives
// with its number, and the edge sums use the number (ImportWriter).

/**
 * Characters per text chunk: a string is never split across chunks, and a
 * chunk stays under V8's large-object size (128 KB even as two-byte text),
 * since larger strings go straight to the old generation and pile up there as
 * garbage until a full GC.
 */
const CHUNK_CHARS = 60_000;

export interface PackedTable {
  rows: number;
  /** Bit c set: column c has a value in some row of this batch (the writer leaves columns out while they are all NULL). */
  nonNull: number;
  numbers: Float64Array;
  lengths: Int32Array;
  /** The strings of the rows, in order, none split across two chunks. */
  texts: string[];
}

/** The values of coded columns first sent in a batch (see PackedBatch.names). */
export interface PackedNames {
  /** Numbers start again from 0 with this batch: the receiver forgets the values it holds first. */
  reset: boolean;
  /** New values, numbered on from the ones the receiver holds. */
  fresh: string[];
}

export interface PackedBatch {
  /** Indexed by TableId; null for a table without rows in this batch. */
  tables: (PackedTable | null)[];
  names: PackedNames;
  rows: number;
}

/** A length below -1 in a packed table: the coded value with this number. */
export const codeOf = (length: number): number => -2 - length;

/**
 * Past this many values the worker starts a new numbering (at a batch's
 * end): memory stays bounded on a file with millions of distinct addresses.
 */
export const MAX_CODED_VALUES = 1 << 18;

/** Numbers the values of coded columns, per file (the worker's side). */
class Codes {
  private ids = new Map<string, number>();
  private fresh: string[] = [];
  private reset = false;

  constructor(private readonly max: number) {}

  code(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      const kept = ownString(s);
      this.ids.set(kept, id);
      this.fresh.push(kept);
    }
    return id;
  }

  /** What the receiver needs for the batch being sealed; a full numbering starts again after it. */
  seal(): PackedNames {
    const names = { reset: this.reset, fresh: this.fresh };
    this.fresh = [];
    this.reset = this.ids.size >= this.max;
    if (this.reset) this.ids = new Map();
    return names;
  }
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
  private nonNull = 0;
  private parts: string[] = [];
  private partChars = 0;
  private chunks: string[] = [];
  textChars = 0;
  private readonly numberColumns: number;
  private readonly stringColumns: number;

  constructor(
    private readonly kinds: readonly ColumnKind[],
    private readonly coded: number,
    private readonly codes: Codes,
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
      if (v !== null && v !== undefined) this.nonNull |= 1 << c;
      if (kinds[c] === 'n') {
        this.numbers[this.n++] = typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v);
      } else if (v === null || v === undefined) {
        this.lengths[this.s++] = -1;
      } else if (this.coded & (1 << c)) {
        this.lengths[this.s++] = -2 - this.codes.code(typeof v === 'string' ? v : String(v));
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
      nonNull: this.nonNull,
      numbers: this.numbers.subarray(0, this.n),
      lengths: this.lengths.subarray(0, this.s),
      texts: this.chunks,
    };
    this.numbers = new Float64Array(this.pool.take(this.numbers.byteLength));
    this.lengths = new Int32Array(this.pool.take(this.lengths.byteLength));
    this.rows = 0;
    this.n = 0;
    this.s = 0;
    this.nonNull = 0;
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
  private readonly codes: Codes;
  rows = 0;
  textChars = 0;

  /** `maxCoded`: see MAX_CODED_VALUES (tests use small values to make the numbering start again often). */
  constructor(
    private readonly capacity: number,
    maxCoded = MAX_CODED_VALUES,
  ) {
    this.codes = new Codes(maxCoded);
  }

  /** Buffers of sent batches, back from the writer (batchBuffers): used again. */
  recycle(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) this.pool.give(b);
  }

  row(table: TableId, values: readonly unknown[]): void {
    let t = this.tables[table];
    if (!t) {
      const spec = TABLES[table] as TableSpec;
      this.tables[table] = t = new TableBuilder(spec.kinds, spec.coded, this.codes, this.capacity, this.pool);
    }
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
    const batch = { tables, names: this.codes.seal(), rows: this.rows };
    this.rows = 0;
    this.textChars = 0;
    return { batch, transfer };
  }
}
