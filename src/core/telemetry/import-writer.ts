import type Database from 'better-sqlite3';
import { EDGE_UPSERT_SET, EdgeTotals, registerMergePorts } from './edge-aggregator.js';
import { EVENTS, TABLES, type RowTarget, type TableId } from './import-rows.js';
import { codeOf, type PackedBatch } from './packed-batch.js';

/**
 * Bind values per multi-row INSERT: one statement per row spends more in
 * statement overhead (bind, step, reset, the call into native code) than in
 * the B-tree; ~1,000 values per statement measured ~20% faster than single
 * rows, and flat beyond.
 */
const VALUES_PER_STATEMENT = 1000;

/**
 * INSERT OR FAIL rather than INSERT: a multi-row INSERT that may ABORT (the
 * default for NOT NULL and key constraints) makes SQLite copy every page it
 * touches that existed before it into a statement journal, to undo just that
 * statement; FAIL leaves the rows before the failing one in place instead.
 * Nothing is lost by that: any error fails the import, and the import's
 * transaction is rolled back as a whole. ~7% off the inserts.
 */
const INSERT = 'INSERT OR FAIL INTO';

/** An edge_stats row: host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports (EdgeTotals.drain). */
const EDGE_COLUMNS = 9;
const EDGE_ROWS_PER_STATEMENT = Math.floor(VALUES_PER_STATEMENT / EDGE_COLUMNS);

// Indexes into an events row (see TABLES): what the edge sums read.
const E_TS = 1;
const E_HOST = 2;
const E_IMAGE = 4;
const E_DST_IP = 10;
const E_DST_PORT = 11;
const E_BYTES_OUT = 14;
const E_BYTES_IN = 15;

interface TableWriter {
  columns: number;
  kinds: readonly ('n' | 's')[];
  /**
   * The columns the statements write (bit c: column c): those with a value in
   * some row of the file so far. Columns NULL in every row (a flow has no
   * process, user or pid: 7 of the 20) are left out, which makes the inserts
   * ~12% cheaper; the first row with a value there widens the set.
   */
  mask: number;
  /** The columns of `mask`, in order. */
  included: number[];
  rowsPerStatement: number;
  /** Per column set, prepared on first use: a file of flows never needs most of them. */
  statements: Map<number, { many: Database.Statement | null; one: Database.Statement | null }>;
  sql(included: readonly number[], rows: number): string;
  /** Bind values of the rows buffered, `included.length` per row: exactly one full statement's. */
  buffer: unknown[];
  filled: number;
  /** One row, every column: what batch() unpacks into. */
  scratch: unknown[];
}

/**
 * Writes an import's rows on its connection: rows are buffered per table and
 * inserted by multi-row statements, and connections are summed per edge
 * (EdgeTotals) and merged into edge_stats. Takes rows one by one
 * (RowTarget, when parsing in this thread) or as packed batches from the
 * parse worker. `finish()` writes what is still buffered.
 *
 * The edge sums are here rather than in the parse worker. Measured both
 * ways on 1M Zeek and CSV rows: in the worker they made it the slower thread
 * by more than this one gained (the drained sums then also cross threads as
 * rows); on Sysmon JSON the worker is the busier thread anyway.
 */
export class ImportWriter implements RowTarget {
  private readonly writers: TableWriter[];
  private readonly edges: EdgeTotals;
  /** Bind values of the edge rows buffered, EDGE_COLUMNS per row. */
  private readonly edgeBuffer: unknown[] = new Array(EDGE_ROWS_PER_STATEMENT * EDGE_COLUMNS);
  private edgesFilled = 0;
  private readonly edgeRow = (values: readonly unknown[]): void => {
    let k = this.edgesFilled * EDGE_COLUMNS;
    for (let c = 0; c < EDGE_COLUMNS; c++) this.edgeBuffer[k++] = values[c];
    if (++this.edgesFilled === EDGE_ROWS_PER_STATEMENT) {
      this.edgeStatement(EDGE_ROWS_PER_STATEMENT).run(...this.edgeBuffer);
      this.edgesFilled = 0;
    }
  };
  /**
   * The first write-out of edge sums into an edge_stats that was empty when
   * the import began (a new case) has nothing to merge with, and its keys are
   * distinct: plain inserts, ~25% cheaper than the upsert. Later ones upsert.
   */
  private edgesPlain: boolean;
  /** The values of coded columns received so far, by number (see PackedNames). */
  private codes: string[] = [];
  /** Edge inserts by [plain or upsert][rows]: prepared on first use. */
  private readonly edgeStatements = new Map<string, Database.Statement>();

  /** `edgeFlushAt`: see EdgeTotals (tests use small values to make many write-outs). */
  constructor(
    private readonly db: Database.Database,
    importId: number,
    edgeFlushAt?: number,
  ) {
    this.edges = new EdgeTotals(edgeFlushAt);
    registerMergePorts(db);
    // import_id is the same for every row of the file: written into the SQL rather than bound per row.
    const id = Math.trunc(importId);
    this.edgesPlain = db.prepare('SELECT 1 FROM edge_stats LIMIT 1').get() === undefined;
    this.writers = TABLES.map((t) => {
      const columns = t.columns.length;
      // Column sets are bit masks (TableWriter.mask).
      if (columns > 30) throw new Error(`${t.table} has more columns than a column mask holds`);
      return {
        columns,
        kinds: t.kinds,
        mask: 0,
        included: [],
        rowsPerStatement: 1,
        statements: new Map(),
        sql: (included: readonly number[], rows: number) => {
          const names = `${t.perImport ? 'import_id, ' : ''}${included.map((c) => t.columns[c]).join(', ')}`;
          const row = `(${t.perImport ? `${id}, ` : ''}${included.map(() => '?').join(', ')})`;
          return `${INSERT} ${t.table} (${names}) VALUES ${new Array(rows).fill(row).join(', ')}`;
        },
        buffer: [],
        filled: 0,
        scratch: new Array(columns),
      };
    });
  }

  row(table: TableId, values: readonly unknown[]): void {
    const w = this.writers[table] as TableWriter;
    let mask = 0;
    for (let c = 0; c < w.columns; c++) if (values[c] !== null && values[c] !== undefined) mask |= 1 << c;
    if ((mask & ~w.mask) !== 0) this.widen(w, mask);
    if (table === EVENTS) this.addEdge(values);
    this.buffered(w, values);
  }

  /** Every row of a packed batch (see packed-batch.ts), unpacked straight into the statements' bind buffers. */
  batch(batch: PackedBatch): void {
    if (batch.names.reset) {
      this.codes = [];
      this.edges.forgetCodes();
    }
    for (const name of batch.names.fresh) this.codes.push(name);
    const codes = this.codes;
    for (let t = 0; t < batch.tables.length; t++) {
      const p = batch.tables[t];
      if (!p) continue;
      const w = this.writers[t] as TableWriter;
      if ((p.nonNull & ~w.mask) !== 0) this.widen(w, p.nonNull);
      const { kinds, columns, scratch } = w;
      const events = t === EVENTS;
      const { numbers, lengths, texts } = p;
      let chunk = 0;
      let text = texts[0] ?? '';
      let n = 0;
      let s = 0;
      let pos = 0;
      for (let r = 0; r < p.rows; r++) {
        let hostCode = -1;
        let ipCode = -1;
        for (let c = 0; c < columns; c++) {
          if (kinds[c] === 'n') {
            const v = numbers[n++] as number;
            scratch[c] = v === v ? v : null;
          } else {
            const len = lengths[s++] as number;
            if (len === -1) scratch[c] = null;
            else if (len < 0) {
              const code = codeOf(len);
              scratch[c] = codes[code];
              if (c === E_HOST) hostCode = code;
              else if (c === E_DST_IP) ipCode = code;
            } else {
              // A string never spans two chunks: one that does not start in this chunk starts the next.
              if (pos === text.length && len > 0) {
                text = texts[++chunk] as string;
                pos = 0;
              }
              scratch[c] = text.slice(pos, pos + len);
              pos += len;
            }
          }
        }
        if (events) this.addEdge(scratch, hostCode, ipCode);
        this.buffered(w, scratch);
      }
    }
  }

  /** Copies the included columns of a row (every column) into the bind buffer; runs the statement when it is full. */
  private buffered(w: TableWriter, row: readonly unknown[]): void {
    const included = w.included;
    const buffer = w.buffer;
    let k = w.filled * included.length;
    for (let i = 0; i < included.length; i++) buffer[k++] = row[included[i] as number];
    if (++w.filled === w.rowsPerStatement) this.flushFull(w);
  }

  /** Adds `mask`'s columns to those the table's statements write, after writing the rows buffered so far (rows stay in file order). */
  private widen(w: TableWriter, mask: number): void {
    this.flushRest(w);
    w.mask |= mask;
    w.included = [];
    for (let c = 0; c < w.columns; c++) if (w.mask & (1 << c)) w.included.push(c);
    w.rowsPerStatement = Math.max(1, Math.floor(VALUES_PER_STATEMENT / w.included.length));
    w.buffer = new Array(w.rowsPerStatement * w.included.length);
  }

  private statements(w: TableWriter): { many: Database.Statement | null; one: Database.Statement | null } {
    let s = w.statements.get(w.mask);
    if (!s) w.statements.set(w.mask, (s = { many: null, one: null }));
    return s;
  }

  /**
   * Adds an events row (every column) to the edge sums, with the numbers its
   * host and address came as in a packed batch (-1: none, see PackedNames);
   * writes the sums out when they are many.
   */
  private addEdge(row: readonly unknown[], hostCode = -1, ipCode = -1): void {
    const full = this.edges.addCoded(
      hostCode,
      row[E_HOST] as string,
      (row[E_IMAGE] as string | null) ?? '',
      ipCode,
      row[E_DST_IP] as string,
      row[E_TS] as number,
      row[E_BYTES_OUT] as number | null,
      row[E_BYTES_IN] as number | null,
      row[E_DST_PORT] as number | null,
    );
    if (full) this.drainEdges();
  }

  /** Writes the edge sums out, in key order (see EdgeTotals.drain). */
  private drainEdges(): void {
    if (this.edges.size === 0) return;
    this.edges.drain(this.edgeRow);
    const one = this.edgeStatement(1);
    for (let r = 0; r < this.edgesFilled; r++) one.run(this.edgeBuffer.slice(r * EDGE_COLUMNS, (r + 1) * EDGE_COLUMNS));
    this.edgesFilled = 0;
    this.edgesPlain = false;
  }

  private edgeStatement(rows: number): Database.Statement {
    const key = `${this.edgesPlain ? 'plain' : 'upsert'}:${rows}`;
    let s = this.edgeStatements.get(key);
    if (!s) {
      const values = new Array(rows).fill(`(${new Array(EDGE_COLUMNS).fill('?').join(', ')})`).join(', ');
      const sql = `${INSERT} edge_stats (host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports) VALUES ${values}`;
      this.edgeStatements.set(key, (s = this.db.prepare(this.edgesPlain ? sql : `${sql} ${EDGE_UPSERT_SET}`)));
    }
    return s;
  }

  /** Writes the edge sums and the rows still buffered. */
  finish(): void {
    this.drainEdges();
    for (const w of this.writers) this.flushRest(w);
  }

  /** Writes the rows buffered for one table (fewer than a full statement). */
  private flushRest(w: TableWriter): void {
    if (w.filled === 0) return;
    const s = this.statements(w);
    const width = w.included.length;
    for (let r = 0; r < w.filled; r++) {
      (s.one ??= this.db.prepare(w.sql(w.included, 1))).run(w.buffer.slice(r * width, (r + 1) * width));
    }
    w.filled = 0;
  }

  /**
   * Values go in as arguments (run(...values)), not as one array:
   * better-sqlite3 reads an array element by element through V8's generic
   * property lookup, arguments directly. 1M rows of 13 values into an
   * in-memory table: ~1.0 s as arguments, ~1.25-1.55 s as an array.
   */
  private flushFull(w: TableWriter): void {
    const s = this.statements(w);
    if (w.rowsPerStatement === 1) (s.one ??= this.db.prepare(w.sql(w.included, 1))).run(...w.buffer);
    else (s.many ??= this.db.prepare(w.sql(w.included, w.rowsPerStatement))).run(...w.buffer);
    w.filled = 0;
  }
}
