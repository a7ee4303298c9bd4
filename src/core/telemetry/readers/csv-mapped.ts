import type { CsvMapping, CsvMappingRole, TimeFormat } from '../../../shared/types.js';
import { InvalidInputError, MalformedRecordError, type SightlineError } from '../../errors/index.js';
import { CsvRecordAssembler, guessDelimiter, type CsvRecord } from '../csv-records.js';
import { optionalCount, optionalNumber, optionalText, requireIp } from '../fields.js';
import type { AlertRecord, ConnectionEvent, LineParser, LinesReader, RecordSink } from '../records.js';
import { parseTimestamp } from '../time.js';

const UNSET = ['', '-', undefined];
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

type Resolved = Partial<Record<CsvMappingRole, number>>;

class CsvMappedParser implements LineParser {
  private assembler: CsvRecordAssembler | null = null;
  private header: string[] | null = null;
  private columns: Resolved | null = null;
  /** Column names per role, for errors (see name()). */
  private readonly names: Partial<Record<CsvMappingRole, string>> = {};
  /** A mapping that does not fit the file: no row can be read, so the file fails. */
  private fatal: SightlineError | null = null;
  private readonly timeFormat: TimeFormat;
  private readonly hasHeader: boolean;

  constructor(
    private readonly mapping: CsvMapping,
    private readonly zone: string,
  ) {
    // Mappings built in code may skip the schema's defaults.
    this.timeFormat = mapping.timeFormat ?? 'auto';
    this.hasHeader = mapping.header !== false;
  }

  line(text: string, line: number, sink: RecordSink): void {
    if (this.fatal) throw this.fatal;
    if (!this.assembler) {
      if (text.trim() === '') return;
      this.assembler = new CsvRecordAssembler(this.mapping.delimiter ?? guessDelimiter(text));
    }
    const record = this.assembler.push(text, line);
    if (!record || (record.fields.length === 1 && (record.fields[0] ?? '').trim() === '')) return;
    if (!this.columns) {
      if (this.hasHeader) {
        this.resolveHeader(record);
        return;
      }
      this.columns = this.resolveIndexes();
    }
    // A header repeated by concatenated exports is not a record.
    if (this.header?.length === record.fields.length && record.fields.every((f, i) => f.trim() === this.header?.[i])) return;
    this.row(record, sink);
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
    this.columns = resolved;
  }

  private resolveIndexes(): Resolved {
    const resolved: Resolved = {};
    for (const [role, column] of Object.entries(this.mapping.columns) as [CsvMappingRole, string | number | undefined][]) {
      if (column === undefined) continue;
      if (typeof column === 'string') {
        this.fatal = new InvalidInputError(`the mapping names column '${column}' but says the file has no header: name columns by position (0, 1, 2…)`, { field: role });
        throw this.fatal;
      }
      resolved[role] = column;
    }
    return resolved;
  }

  /** The column's name for errors: its header, or "column N" as the wizard shows a file without one; worked out once per role. */
  private name(role: CsvMappingRole): string {
    let name = this.names[role];
    if (name === undefined) {
      const i = this.columns?.[role] ?? 0;
      this.names[role] = name = this.header?.[i] || `column ${i + 1}`;
    }
    return name;
  }

  /** The trimmed value of the role's column; undefined when the mapping does not use the role. */
  private get(fields: readonly string[], role: CsvMappingRole, line: number): string | undefined {
    const i = (this.columns as Resolved)[role];
    if (i === undefined) return undefined;
    const v = fields[i];
    if (v === undefined) throw new MalformedRecordError(`the row has ${fields.length} fields; the mapping reads ${this.name(role)} as ${role}`, { line, field: this.name(role) });
    return v.trim();
  }

  private count(fields: readonly string[], role: CsvMappingRole, line: number): number | null {
    return optionalCount(this.get(fields, role, line), this.name(role), line, UNSET);
  }

  private port(fields: readonly string[], role: CsvMappingRole, line: number): number | null {
    const n = this.count(fields, role, line);
    if (n !== null && n > 0xffff) throw new MalformedRecordError(`"${n}" is not a port`, { line, field: this.name(role) });
    return n;
  }

  private row({ fields, line }: CsvRecord, sink: RecordSink): void {
    if (this.header && fields.length !== this.header.length) {
      throw new MalformedRecordError(`expected ${this.header.length} fields as in the header, found ${fields.length} (is the line cut short?)`, { line });
    }
    const get = (role: CsvMappingRole): string | undefined => this.get(fields, role, line);
    const count = (role: CsvMappingRole): number | null => this.count(fields, role, line);
    const port = (role: CsvMappingRole): number | null => this.port(fields, role, line);

    const rawTime = get('time') ?? '';
    const ts = parseTimestamp(rawTime, this.timeFormat, this.zone);
    if (!Number.isFinite(ts)) {
      const shown = rawTime.length > 60 ? `${rawTime.slice(0, 57)}...` : rawTime;
      throw new MalformedRecordError(`"${shown}" is not a timestamp (${TIME_LABEL[this.timeFormat]})`, { line, field: this.name('time') });
    }
    const srcIp = requireIp(get('srcIp'), this.name('srcIp'), line);
    const rawProto = optionalText(get('proto'), UNSET)?.toLowerCase() ?? null;
    const event: ConnectionEvent = {
      ts,
      host: optionalText(get('host'), UNSET) ?? (this.mapping.defaultHost?.trim() || srcIp),
      user: optionalText(get('user'), UNSET),
      image: optionalText(get('process'), UNSET),
      pid: count('pid'),
      processGuid: null,
      proto: rawProto === null ? null : (PROTOCOL_NUMBERS[rawProto] ?? rawProto),
      srcIp,
      srcPort: port('srcPort'),
      dstIp: requireIp(get('dstIp'), this.name('dstIp'), line),
      dstPort: port('dstPort'),
      dstHost: optionalText(get('dstHost'), UNSET),
      initiated: null,
      bytesOut: count('bytesOut'),
      bytesIn: count('bytesIn'),
      pktsOut: count('pktsOut'),
      pktsIn: count('pktsIn'),
      duration: optionalNumber(get('duration'), this.name('duration'), line, UNSET),
      uid: null,
    };
    const signature = optionalText(get('signature'), UNSET);
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
            severity: optionalText(get('severity'), UNSET),
            action: optionalText(get('action'), UNSET),
          };
    sink.connection(event, line);
    if (alert) sink.alert(alert, line);
  }
}
