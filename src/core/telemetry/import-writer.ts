import type Database from 'better-sqlite3';
import { withSortPragmas } from '../db/sort-pragmas.js';
import { EDGE_UPSERT_SET, EdgeTotals, registerMergePorts } from './edge-aggregator.js';
import { EDGES, EVENTS, TABLES, type RowTarget, type TableId } from './import-rows.js';
import type { PackedBatch } from './packed-batch.js';

/**
 * Bind values per multi-row INSERT: one statement per row spends more in
 * statement overhead (bind, step, reset, the call into native code) than in
 * the B-tree; ~1,000 values per statement measured ~20% faster than single
 * rows, and flat beyond.
 */
const VALUES_PER_STATEMENT = 1000;

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
  rowsPerStatement: number;
  many: Database.Statement | null;
  one: Database.Statement | null;
  sql(rows: number): string;
  buffer: unknown[];
  filled: number;
}

/**
 * Writes an import's rows on its connection: rows are buffered per table and
 * inserted by multi-row statements, and connections are summed per edge
 * (EdgeTotals) and merged into edge_stats. Takes rows one by one
 * (RowTarget, when parsing in this thread) or as packed batches from the
 * parse worker. `finish()` writes what is still buffered.
 *
 * The edge sums are here rather than in the parse worker. Measured both
 * ways: in the worker they cost it more than they save here (the drained
 * sums then cross threads as rows, and the worker is the busier thread on
 * Sysmon JSON and close to it on Zeek TSV and mapped CSV).
 */
export class ImportWriter implements RowTarget {
  private readonly writers: TableWriter[];
  private readonly edges: EdgeTotals;
  private readonly edgeRow = (values: readonly unknown[]): void => this.row(EDGES, values);
  /**
   * The first write-out of edge sums into an edge_stats that was empty when
   * the import began (a new case) has nothing to merge with, and its keys are
   * distinct: plain inserts, ~25% cheaper than the upsert. Later ones upsert.
   */
  private edgesPlain: boolean;
  private readonly mergeEdges: { plain: Database.Statement; upsert: Database.Statement };

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
    // Edge sums are staged unsorted here, then merged into edge_stats in key
    // order by SQLite's sorter: cheaper than sorting 100,000s of string keys in
    // JavaScript, and edge_stats (keyed by three strings) fills in order.
    db.exec(`DROP TABLE IF EXISTS temp.edge_sums;
      CREATE TEMP TABLE edge_sums (host TEXT, image TEXT, dst_ip TEXT, events INTEGER, bytes_out INTEGER, bytes_in INTEGER, first_ts INTEGER, last_ts INTEGER, ports TEXT)`);
    const merge = `INSERT INTO edge_stats (host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports)
      SELECT host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports FROM temp.edge_sums WHERE true ORDER BY host, image, dst_ip`;
    this.mergeEdges = { plain: db.prepare(merge), upsert: db.prepare(`${merge} ${EDGE_UPSERT_SET}`) };
    this.writers = TABLES.map((t) => {
      const columns = t.columns.length;
      const row = `(${t.perImport ? `${id}, ` : ''}${new Array(columns).fill('?').join(', ')})`;
      const names = `${t.perImport ? 'import_id, ' : ''}${t.columns.join(', ')}`;
      const rowsPerStatement = Math.max(1, Math.floor(VALUES_PER_STATEMENT / columns));
      return {
        columns,
        kinds: t.kinds,
        rowsPerStatement,
        // Prepared on first use: a file of flows never needs most of them.
        many: null,
        one: null,
        sql: (rows: number) => `INSERT INTO ${t.table} (${names}) VALUES ${new Array(rows).fill(row).join(', ')}`,
        buffer: new Array(rowsPerStatement * columns),
        filled: 0,
      };
    });
  }

  row(table: TableId, values: readonly unknown[]): void {
    const w = this.writers[table] as TableWriter;
    const buffer = w.buffer;
    const columns = w.columns;
    let k = w.filled * columns;
    for (let c = 0; c < columns; c++) buffer[k++] = values[c];
    if (table === EVENTS) this.addEdge(buffer, k - columns);
    if (++w.filled === w.rowsPerStatement) this.flushFull(w);
  }

  /** Every row of a packed batch (see packed-batch.ts), unpacked straight into the statements' bind buffers. */
  batch(batch: PackedBatch): void {
    for (let t = 0; t < batch.tables.length; t++) {
      const p = batch.tables[t];
      if (!p) continue;
      const w = this.writers[t] as TableWriter;
      const { kinds, columns, buffer, rowsPerStatement } = w;
      const events = t === EVENTS;
      const { numbers, lengths, texts } = p;
      let chunk = 0;
      let text = texts[0] ?? '';
      let n = 0;
      let s = 0;
      let pos = 0;
      for (let r = 0; r < p.rows; r++) {
        const start = w.filled * columns;
        let k = start;
        for (let c = 0; c < columns; c++) {
          if (kinds[c] === 'n') {
            const v = numbers[n++] as number;
            buffer[k++] = v === v ? v : null;
          } else {
            const len = lengths[s++] as number;
            if (len < 0) buffer[k++] = null;
            else {
              // A string never spans two chunks: one that does not start in this chunk starts the next.
              if (pos === text.length && len > 0) {
                text = texts[++chunk] as string;
                pos = 0;
              }
              buffer[k++] = text.slice(pos, pos + len);
              pos += len;
            }
          }
        }
        if (events) this.addEdge(buffer, start);
        if (++w.filled === rowsPerStatement) this.flushFull(w);
      }
    }
  }

  /** Adds the events row at buffer[at...] to the edge sums; writes them out when they are many. */
  private addEdge(row: unknown[], at: number): void {
    const full = this.edges.add(
      row[at + E_HOST] as string,
      (row[at + E_IMAGE] as string | null) ?? '',
      row[at + E_DST_IP] as string,
      row[at + E_TS] as number,
      row[at + E_BYTES_OUT] as number | null,
      row[at + E_BYTES_IN] as number | null,
      row[at + E_DST_PORT] as number | null,
    );
    if (full) this.drainEdges();
  }

  /** Writes the edge sums out: staged in temp.edge_sums, then merged into edge_stats in key order. */
  private drainEdges(): void {
    if (this.edges.size === 0) return;
    this.edges.drain(this.edgeRow);
    this.flushRest(this.writers[EDGES] as TableWriter);
    withSortPragmas(this.db, () => (this.edgesPlain ? this.mergeEdges.plain : this.mergeEdges.upsert).run());
    this.db.exec('DELETE FROM temp.edge_sums');
    this.edgesPlain = false;
  }

  /** Writes the edge sums and the rows still buffered. */
  finish(): void {
    this.drainEdges();
    for (const w of this.writers) this.flushRest(w);
  }

  /** Writes the rows buffered for one table (fewer than a full statement). */
  private flushRest(w: TableWriter): void {
    for (let r = 0; r < w.filled; r++) {
      (w.one ??= this.db.prepare(w.sql(1))).run(w.buffer.slice(r * w.columns, (r + 1) * w.columns));
    }
    w.filled = 0;
  }

  private flushFull(w: TableWriter): void {
    if (w.rowsPerStatement === 1) (w.one ??= this.db.prepare(w.sql(1))).run(w.buffer);
    else (w.many ??= this.db.prepare(w.sql(w.rowsPerStatement))).run(w.buffer);
    w.filled = 0;
  }
}
