import type { CsvMapping, CsvMappingRole, TimeFormat } from '../../../shared/types.js';
import { InvalidInputError, MalformedRecordError, type SightlineError } from '../../errors/index.js';
import { CsvFields } from '../csv-fields.js';
import { CsvRecordAssembler, guessDelimiter, type CsvRecord } from '../csv-records.js';
import { checkTime, isStorableTime, MAX_COUNT, MAX_DURATION_S, MAX_PID, MAX_PORT } from '../../bounds.js';
import { optionalCount, optionalDuration, optionalPid, optionalPort, requireIp } from '../fields.js';
import type { AlertRecord, ConnectionEvent, LineParser, LinesReader, RecordSink } from '../records.js';
import { parseTimestamp } from '../time.js';

/** For values already checked against the unset markers ('' and '-'): nothing more to look for. */
const CHECKED: readonly unknown[] = [];
/** The IANA numbers exports write instead of names; others are kept as written. */
const PROTOCOL_NUMBERS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp' };
const TIME_LABEL: Record<TimeFormat, string> = {
  auto: 'ISO 8601 or epoch',
  iso: 'ISO 8601',
  'epoch-s': 'epoch seconds',
  'epoch-ms': 'epoch milliseconds',
  'epoch-us': 'epoch microseconds',
  dmy: 'day/month/year',
  mdy: 'month/day/year',
  ymd: 'year/month/day',
};

/**
 * How a numeric role is read: in place (CsvFields digits or decimal) when
 * that gives a value within `max`, else the general way by `read`, which
 * refuses what is out of bounds (core/bounds.ts).
 */
interface NumberKind {
  fraction: boolean;
  max: number;
  read: (value: string, field: string, line: number, unset: readonly unknown[]) => number | null;
}
const COUNT: NumberKind = { fraction: false, max: MAX_COUNT, read: optionalCount };
const PORT: NumberKind = { fraction: false, max: MAX_PORT, read: optionalPort };
const PID: NumberKind = { fraction: false, max: MAX_PID, read: optionalPid };
const DURATION: NumberKind = { fraction: true, max: MAX_DURATION_S, read: optionalDuration };

/**
 * Any CSV/TSV export the user maps column by column (the import wizard,
 * `--map`). Never sniffed: a generic CSV says nothing about what its columns
 * mean, so it is only ever chosen explicitly.
 */
export const csvMappedReader: LinesReader = {
  kind: 'lines',
  format: 'csv-mapped',
  description: 'any CSV or TSV export, read with a column mapping',
  sniff: () => false,
  create(options) {
    if (!options.mapping) throw new InvalidInputError('the csv-mapped format needs a column mapping (--map mapping.json, or the import wizard)', { field: 'mapping' });
    return new CsvMappedParser(options.mapping, options.timezone);
  },
};

/**
 * `v.trim()`, without the call for the usual value that starts and ends with
 * a printable ASCII character (trim also strips Unicode spaces, so anything
 * else still goes through it).
 */
function trimmed(v: string): string {
  const n = v.length;
  if (n === 0) return v;
  const a = v.charCodeAt(0);
  const b = v.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? v : v.trim();
}

type Resolved = Partial<Record<CsvMappingRole, number>>;

/**
 * Every role, numbered in the order written (so ROLES[R.x] is 'x'): a row
 * reads its columns through an Int32Array by these numbers (R.time,
 * R.srcIp...), not by role name, which on a million rows cost more than the
 * rest of the row.
 */
const R = {
  time: 0,
  srcIp: 1,
  dstIp: 2,
  srcPort: 3,
  dstPort: 4,
  proto: 5,
  host: 6,
  user: 7,
  process: 8,
  pid: 9,
  dstHost: 10,
  bytesOut: 11,
  bytesIn: 12,
  pktsOut: 13,
  pktsIn: 14,
  duration: 15,
  signature: 16,
  severity: 17,
  action: 18,
} as const satisfies Record<CsvMappingRole, number>;
const ROLES = Object.keys(R) as CsvMappingRole[];

class CsvMappedParser implements LineParser {
  private assembler: CsvRecordAssembler | null = null;
  /** The record being read (reused: see CsvFields). */
  private readonly record = new CsvFields();
  private header: string[] | null = null;
  /** Column per role number (R), -1 when the mapping does not use the role; null until the header is read. */
  private columns: Int32Array | null = null;
  /** Column names per role number, for errors (see name()). */
  private readonly names: (string | undefined)[] = [];
  /** A mapping that does not fit the file: no row can be read, so the file fails. */
  private fatal: SightlineError | null = null;
  private readonly timeFormat: TimeFormat;
  /** What a time of this format is, for the error when one is not. */
  private readonly timeWhat: string;
  private readonly hasHeader: boolean;

  constructor(
    private readonly mapping: CsvMapping,
    private readonly zone: string,
  ) {
    // Mappings built in code may skip the schema's defaults.
    this.timeFormat = mapping.timeFormat ?? 'auto';
    this.timeWhat = `a timestamp (${TIME_LABEL[this.timeFormat]})`;
    this.hasHeader = mapping.header !== false;
  }

  line(text: string, line: number, sink: RecordSink): void {
    if (this.fatal) throw this.fatal;
    if (!this.assembler) {
      if (text.trim() === '') return;
      this.assembler = new CsvRecordAssembler(this.mapping.delimiter ?? guessDelimiter(text));
    }
    const record = this.record;
    if (!this.assembler.pushInto(text, line, record)) return;
    if (record.count === 1 && record.text(0).trim() === '') return;
    if (!this.columns) {
      if (this.hasHeader) {
        this.resolveHeader({ fields: record.all(), line: record.line });
        return;
      }
      this.columns = this.resolveIndexes();
    }
    if (this.isHeaderAgain(record)) return;
    this.row(record, sink);
  }

  /** A header repeated by concatenated exports is not a record. */
  private isHeaderAgain(record: CsvFields): boolean {
    const header = this.header;
    if (!header || header.length !== record.count) return false;
    for (let i = 0; i < header.length; i++) if (record.text(i).trim() !== header[i]) return false;
    return true;
  }

  end(): void {
    if (this.fatal) throw this.fatal;
    this.assembler?.end();
  }

  private resolveHeader(record: CsvRecord): void {
    const names = record.fields.map((f) => f.trim());
    this.header = names;
    const listed = (): string => {
      const shown = names.slice(0, 40).map((n) => (n.length > 60 ? `${n.slice(0, 57)}...` : n));
      return shown.join(', ') + (names.length > shown.length ? `, … (${names.length} columns)` : '');
    };
    const resolved: Resolved = {};
    for (const [role, column] of Object.entries(this.mapping.columns) as [CsvMappingRole, string | number | undefined][]) {
      if (column === undefined) continue;
      if (typeof column === 'number') {
        if (column >= names.length) {
          this.fatal = new InvalidInputError(`column ${column + 1} named by the mapping (${role}) is past the header's last column: ${listed()}`, { line: record.line, field: role });
          throw this.fatal;
        }
        resolved[role] = column;
        continue;
      }
      let i = names.indexOf(column);
      if (i === -1) i = names.findIndex((n) => n.toLowerCase() === column.trim().toLowerCase());
      if (i === -1) {
        this.fatal = new InvalidInputError(`column '${column}' named by the mapping is not in the header: ${listed()}`, { line: record.line, field: column });
        throw this.fatal;
      }
      resolved[role] = i;
    }
    this.columns = byNumber(resolved);
  }

  private resolveIndexes(): Int32Array {
    const resolved: Resolved = {};
    for (const [role, column] of Object.entries(this.mapping.columns) as [CsvMappingRole, string | number | undefined][]) {
      if (column === undefined) continue;
      if (typeof column === 'string') {
        this.fatal = new InvalidInputError(`the mapping names column '${column}' but says the file has no header: name columns by position (0, 1, 2…)`, { field: role });
        throw this.fatal;
      }
      resolved[role] = column;
    }
    return byNumber(resolved);
  }

  /** The column's name for errors: its header, or "column N" as the wizard shows a file without one; worked out once per role. */
  private name(role: number): string {
    let name = this.names[role];
    if (name === undefined) {
      const i = Math.max(0, this.columns?.[role] ?? 0);
      this.names[role] = name = this.header?.[i] || `column ${i + 1}`;
    }
    return name;
  }

  /** The role's column in this record, or -1 when the mapping does not use the role. */
  private column(r: CsvFields, role: number): number {
    const i = (this.columns as Int32Array)[role] as number;
    if (i >= r.count) throw new MalformedRecordError(`the row has ${r.count} fields; the mapping reads ${this.name(role)} as ${ROLES[role]}`, { line: r.line, field: this.name(role) });
    return i;
  }

  /** The trimmed value of the role's column; undefined when the mapping does not use the role. */
  private get(r: CsvFields, role: number): string | undefined {
    const i = this.column(r, role);
    return i < 0 ? undefined : trimmed(r.text(i));
  }

  private text(r: CsvFields, role: number): string | null {
    const v = this.get(r, role);
    return v === undefined || v === '' || v === '-' ? null : v;
  }

  /**
   * The role's column as a number of `kind`, null when unset or unused.
   * Plain digits within the bound are read in place; anything else (spaces,
   * '-', a bad or out-of-range value) the general way.
   */
  private number(r: CsvFields, role: number, kind: NumberKind): number | null {
    const i = this.column(r, role);
    if (i < 0) return null;
    const n = kind.fraction ? r.decimal(i) : r.digits(i);
    if (n <= kind.max) return n;
    const v = trimmed(r.text(i));
    // The column's name is only needed for an error: not looked up for unset values.
    if (v === '' || v === '-') return null;
    return kind.read(v, this.name(role), r.line, CHECKED);
  }

  private row(r: CsvFields, sink: RecordSink): void {
    const line = r.line;
    if (this.header && r.count !== this.header.length) {
      throw new MalformedRecordError(`expected ${this.header.length} fields as in the header, found ${r.count} (is the line cut short?)`, { line });
    }
    const rawTime = this.get(r, R.time) ?? '';
    const ms = parseTimestamp(rawTime, this.timeFormat, this.zone);
    const ts = isStorableTime(ms) ? ms : checkTime(ms, rawTime, this.name(R.time), line, this.timeWhat);
    const srcIp = requireIp(this.get(r, R.srcIp), this.name(R.srcIp), line);
    const rawProto = this.text(r, R.proto)?.toLowerCase() ?? null;
    const event: ConnectionEvent = {
      ts,
      host: this.text(r, R.host) ?? (this.mapping.defaultHost?.trim() || srcIp),
      user: this.text(r, R.user),
      image: this.text(r, R.process),
      pid: this.number(r, R.pid, PID),
      processGuid: null,
      proto: rawProto === null ? null : (PROTOCOL_NUMBERS[rawProto] ?? rawProto),
      srcIp,
      srcPort: this.number(r, R.srcPort, PORT),
      dstIp: requireIp(this.get(r, R.dstIp), this.name(R.dstIp), line),
      dstPort: this.number(r, R.dstPort, PORT),
      dstHost: this.text(r, R.dstHost),
      initiated: null,
      bytesOut: this.number(r, R.bytesOut, COUNT),
      bytesIn: this.number(r, R.bytesIn, COUNT),
      pktsOut: this.number(r, R.pktsOut, COUNT),
      pktsIn: this.number(r, R.pktsIn, COUNT),
      duration: this.number(r, R.duration, DURATION),
      uid: null,
    };
    const signature = this.text(r, R.signature);
    // Everything is read before anything is handed on: a bad value quarantines the whole row.
    const alert: AlertRecord | null =
      signature === null
        ? null
        : {
            ts,
            host: event.host,
            proto: event.proto,
            srcIp,
            srcPort: event.srcPort,
            dstIp: event.dstIp,
            dstPort: event.dstPort,
            signature,
            signatureId: null,
            category: null,
            severity: this.text(r, R.severity),
            action: this.text(r, R.action),
          };
    sink.connection(event, line);
    if (alert) sink.alert(alert, line);
  }
}

/** The resolved columns by role number (R); -1 for roles the mapping leaves out. */
function byNumber(resolved: Resolved): Int32Array {
  const at = new Int32Array(ROLES.length).fill(-1);
  for (const role of ROLES) {
    const i = resolved[role];
    if (i !== undefined) at[R[role]] = i;
  }
  return at;
}
