import { MalformedRecordError } from '../../errors/index.js';
import { CsvFields } from '../csv-fields.js';
import { isStorableTime, MAX_DURATION_S, MAX_PORT } from '../../bounds.js';
import { epochSecondsOrIso, optionalCount, optionalDuration, optionalPort } from '../fields.js';
import type { LineParser, RecordSink } from '../records.js';

/**
 * Zeek's own TSV log format, shared by every Zeek log reader: `#`-directives
 * (#separator, #set_separator, #unset_field, #empty_field, #path, #fields,
 * #close) then one row per record. Several logs concatenated (a header again
 * after #close, as `cat *.log` makes) are read as one; rows of a log whose
 * #path names another stream are counted as ignored rather than misread with
 * this stream's meaning. A missing #close is accepted: logs still being
 * written and many published datasets lack it.
 */

/** The columns of the log being read, as its #fields header names them. */
export interface ZeekColumns {
  /** The column's position in a row, or -1 when this log has no such column. */
  index(name: string): number;
  /** The values that mean "no value" in this log: pass to the fields.ts parsers. */
  readonly unset: readonly (string | undefined)[];
  /** A set or vector value split on #set_separator; [] when unset or empty. */
  list(value: string | undefined): string[];
  /**
   * optionalCount / optionalPort / optionalDuration (fields.ts) of
   * column(row, index), with this log's unset values; plain digits within
   * the bound are read in place (CsvFields): most of a conn.log row is
   * numbers. Anything else takes the general path, which refuses it.
   */
  count(row: CsvFields, index: number, field: string, line: number): number | null;
  port(row: CsvFields, index: number, field: string, line: number): number | null;
  duration(row: CsvFields, index: number, field: string, line: number): number | null;
}

/** Reads one data row (its fields found by #separator) into the sink. */
export type ZeekRowReader = (row: CsvFields, line: number, sink: RecordSink) => void;

/**
 * Called at every #fields header with that log's columns; returns the
 * reader of its rows. Columns are looked up by name once per header, not
 * once per row: this runs for every line of logs with millions of them.
 */
export type ZeekRowBinder = (columns: ZeekColumns) => ZeekRowReader;

/** The value at `index` (from ZeekColumns.index), undefined for a column the log lacks. */
export function column(row: CsvFields, index: number): string | undefined {
  return index < 0 ? undefined : row.text(index);
}

/** epochSecondsOrIso of the column, a plain decimal of a storable time read in place (CsvFields). */
export function epochAt(row: CsvFields, index: number, field: string, line: number): number {
  const n = index < 0 ? NaN : row.decimal(index);
  const ms = Math.round(n * 1000);
  return isStorableTime(ms) ? ms : epochSecondsOrIso(column(row, index), field, line);
}

export class ZeekTsvParser implements LineParser {
  private separator = '\t';
  private setSeparator = ',';
  private unsetMarker = '-';
  private emptyMarker = '(empty)';
  private fields: string[] | null = null;
  /** The row being read (reused: see CsvFields). */
  private readonly row = new CsvFields();
  private readRow: ZeekRowReader | null = null;
  private sawFields = false;
  /** Set by a #path naming another stream; cleared by the next log's #separator. */
  private foreign = false;

  constructor(
    private readonly path: string,
    private readonly required: readonly string[],
    private readonly bind: ZeekRowBinder,
  ) {}

  line(text: string, line: number, sink: RecordSink): void {
    if (text.startsWith('#')) {
      this.directive(text, line);
      return;
    }
    if (text === '') return;
    if (this.foreign) {
      sink.ignored(line);
      return;
    }
    const fields = this.fields;
    if (!fields) {
      throw new MalformedRecordError(this.sawFields ? 'no usable #fields header for this record (see the header line quarantined above it)' : 'a record comes before the #fields header', { line });
    }
    const row = this.row;
    row.setLine(text, this.separator, line);
    if (row.count !== fields.length) {
      throw new MalformedRecordError(`expected ${fields.length} fields separated by ${JSON.stringify(this.separator)}, found ${row.count} (is the line cut short?)`, { line });
    }
    (this.readRow as ZeekRowReader)(row, line, sink);
  }

  end(): void {
    if (!this.sawFields) throw new MalformedRecordError('no #fields header: the file is cut short or not a Zeek log');
  }

  private directive(text: string, line: number): void {
    const sp = text.indexOf(text.startsWith('#separator') ? ' ' : this.separator);
    const name = sp === -1 ? text : text.slice(0, sp);
    const value = sp === -1 ? '' : text.slice(sp + 1);
    switch (name) {
      case '#separator': {
        // A new log starts: its #path decides again whether its rows are ours.
        this.foreign = false;
        const separator = unescapeZeek(value);
        if (separator === '') throw new MalformedRecordError('the #separator directive names no separator', { line });
        this.separator = separator;
        break;
      }
      case '#set_separator':
        if (value !== '') this.setSeparator = unescapeZeek(value);
        break;
      case '#unset_field':
        this.unsetMarker = value;
        break;
      case '#empty_field':
        this.emptyMarker = value;
        break;
      case '#path':
        this.foreign = value.trim() !== this.path;
        break;
      case '#fields': {
        this.sawFields = true;
        // Until this header proves usable, rows must not be read with the previous log's columns.
        this.fields = null;
        const fields = value.split(this.separator);
        const missing = this.foreign ? undefined : this.required.find((f) => !fields.includes(f));
        if (missing) throw new MalformedRecordError(`the #fields header has no "${missing}" column`, { line, field: missing });
        this.fields = fields;
        this.readRow = this.bind(this.columns(fields));
        break;
      }
      default:
        // #open, #types, #close: nothing the import needs.
        break;
    }
  }

  private columns(fields: readonly string[]): ZeekColumns {
    const positions = new Map(fields.map((f, i) => [f, i]));
    const unset = [this.unsetMarker, this.emptyMarker, '', undefined];
    const setSeparator = this.setSeparator;
    // A log whose unset or empty marker is itself a number ("0") must compare every value with it.
    const inPlace = !unset.some((m) => m !== undefined && m !== '' && /^[\d.]+$/.test(m));
    return {
      index: (name) => positions.get(name) ?? -1,
      unset,
      list: (value) => (unset.includes(value) ? [] : (value as string).split(setSeparator)),
      // digits() reads at most 15 digits: always a count within its bound.
      count: (row, index, field, line) => {
        const n = inPlace && index >= 0 ? row.digits(index) : NaN;
        return n === n ? n : optionalCount(column(row, index), field, line, unset);
      },
      port: (row, index, field, line) => {
        const n = inPlace && index >= 0 ? row.digits(index) : NaN;
        return n <= MAX_PORT ? n : optionalPort(column(row, index), field, line, unset);
      },
      duration: (row, index, field, line) => {
        const n = inPlace && index >= 0 ? row.decimal(index) : NaN;
        return n <= MAX_DURATION_S ? n : optionalDuration(column(row, index), field, line, unset);
      },
    };
  }
}

/** Zeek writes separators escaped, e.g. `\x09`. */
function unescapeZeek(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** What a Zeek TSV head says about itself: its #path (null when absent) and #fields. */
export interface ZeekTsvHead {
  path: string | null;
  fields: string[];
}

/** The header of the first log in `head`, or null when it does not start like a Zeek TSV log. */
export function readZeekTsvHead(head: string): ZeekTsvHead | null {
  const lines = head.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const m = /^#separator (\S+)$/.exec(lines[0] ?? '');
  const separator = m ? unescapeZeek(m[1] as string) : '';
  if (separator === '') return null;
  let path: string | null = null;
  for (const line of lines.slice(1)) {
    if (!line.startsWith('#')) break;
    if (line.startsWith(`#path${separator}`)) path = line.slice(5 + separator.length).trim();
    if (line.startsWith(`#fields${separator}`)) return { path, fields: line.slice(7 + separator.length).split(separator) };
  }
  return null;
}

/**
 * The stream a Zeek TSV head is a log of: its #path, or when a writer left
 * #path out, the stream its #fields can only belong to.
 */
export function zeekTsvStream(head: string): string | null {
  const h = readZeekTsvHead(head);
  if (!h || !h.fields.includes('id.orig_h') || !h.fields.includes('id.resp_h')) return null;
  if (h.path !== null) return h.path;
  if (h.fields.includes('query') && h.fields.includes('answers')) return 'dns';
  return 'conn';
}
