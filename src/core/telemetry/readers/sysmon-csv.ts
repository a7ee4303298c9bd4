import { MalformedRecordError } from '../../errors/index.js';
import { CsvRecordAssembler, guessDelimiter, parseRecord } from '../csv-records.js';
import { parseTimestamp, wallClockToUtc } from '../time.js';
import { ecsFallback } from './sysmon-ecs-json.js';
import { emitSysmonEvent, isSysmonSource } from './sysmon-event.js';
import type { LineParser, LinesReader, ReaderOptions, RecordSink } from '../records.js';

/** Column names, lower-cased, in order of preference: Splunk (classic and XmlWinEventLog), Elastic/Kibana, NXLog. */
const EVENT_ID = ['eventid', 'eventcode', 'winlog.event_id', 'event.code'];
const HOST = ['computer', 'computername', 'hostname', 'winlog.computer_name', 'host.name', 'host.hostname', 'host'];
const SOURCE = ['channel', 'logname', 'sourcename', 'providername', 'source', 'winlog.channel', 'winlog.provider_name', 'event.provider'];
const TIME = ['_time', '@timestamp', 'timecreated', 'timestamp'];
/** EventData names that tell a Sysmon export from any other CSV with an event id column. */
const SYSMON_FIELDS = ['utctime', 'image', 'processguid', 'processid', 'commandline', 'parentimage', 'sourceip', 'destinationip', 'destinationport', 'queryname'];
const DATA_PREFIXES = ['', 'winlog.event_data.', 'event_data.', 'eventdata.'];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const KIBANA_TIME = /^([A-Za-z]{3}) (\d{1,2}), (\d{4}) @ (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
/** Kibana formats counts for display ("60,946") in its CSV export too. */
const GROUPED_COUNT = /^\d{1,3}(,\d{3})+$/;
const COUNT_FIELDS = new Set(['ProcessId', 'SourcePort', 'DestinationPort']);

/**
 * An envelope time to epoch ms: ISO 8601 or epoch (Splunk's _time), or
 * Kibana's default display format "Jul 1, 2022 @ 05:42:38.078", which has no
 * zone and is read in the import's time zone. NaN when it is neither.
 */
export function exportTime(value: string, zone: string): number {
  const ms = parseTimestamp(value, 'auto', zone);
  if (Number.isFinite(ms)) return ms;
  const m = KIBANA_TIME.exec(value.trim());
  const mo = m ? MONTHS.indexOf((m[1] as string).toLowerCase()) + 1 : 0;
  if (!m || mo === 0) return NaN;
  const [y, d, h, mi, s] = [m[3], m[2], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) return NaN;
  return wallClockToUtc({ y, mo, d, h, mi, s, ms: Number((m[7] ?? '0').padEnd(3, '0')) }, zone);
}

/** Lower-cased header name → column index (the first column of a repeated name wins). */
function columnIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

function firstColumn(index: Map<string, number>, candidates: readonly string[]): number | undefined {
  for (const c of candidates) {
    const i = index.get(c);
    if (i !== undefined) return i;
  }
  return undefined;
}

/** ECS names of Sysmon fields, counted only beside a winlog.* column: alone, "destination.ip" could be any shipper's. */
const ECS_SYSMON_FIELDS = ['process.executable', 'process.command_line', 'source.ip', 'destination.ip', 'dns.question.name'];

/** A header is Sysmon's when it has an event id column and at least two Sysmon fields. */
function isSysmonHeader(index: Map<string, number>): boolean {
  const winlog = index.has('winlog.event_id') || index.has('winlog.channel');
  const data =
    SYSMON_FIELDS.filter((f) => DATA_PREFIXES.some((p) => index.has(p + f))).length + (winlog ? ECS_SYSMON_FIELDS.filter((f) => index.has(f)).length : 0);
  return firstColumn(index, EVENT_ID) !== undefined && data >= 2;
}

/**
 * Sysmon as CSV with a header row: the EventData names as columns, with the
 * envelope as Splunk (`_time,EventCode,ComputerName,...`), Kibana
 * (`@timestamp,winlog.event_id,winlog.event_data.Image` or ECS names) or
 * NXLog writes it. Quoted fields may hold delimiters, quotes and line
 * breaks (command lines do). Rows of other channels are ignored; a file
 * without a channel column is taken to be Sysmon only.
 */
export const sysmonCsvReader: LinesReader = {
  kind: 'lines',
  format: 'sysmon-csv',
  description: 'Sysmon events 1, 3, 11 and 22 (CSV with EventID/EventCode and Sysmon field columns; other events skipped)',
  sniff(head) {
    const first = head.split('\n').find((l) => l.trim() !== '') ?? '';
    if (/^\s*[{<[]/.test(first)) return false;
    const fields = parseRecord(first.replace(/\r$/, ''), guessDelimiter(first));
    return fields !== null && isSysmonHeader(columnIndex(fields));
  },
  create: (options) => new SysmonCsvParser(options),
};

class SysmonCsvParser implements LineParser {
  private header: string[] | null = null;
  private index = new Map<string, number>();
  private assembler: CsvRecordAssembler | null = null;

  constructor(private readonly options: ReaderOptions) {}

  line(text: string, line: number, sink: RecordSink): void {
    if (this.assembler === null) {
      this.readHeader(text, line);
      return;
    }
    const record = this.assembler.push(text, line);
    if (record === null) return;
    const { fields } = record;
    if (fields.length === 1 && (fields[0] as string).trim() === '') return;
    const header = this.header as string[];
    if (fields.length !== header.length) {
      throw new MalformedRecordError(`the row has ${fields.length} fields, the header ${header.length}`, { line: record.line });
    }
    this.row(fields, record.line, sink);
  }

  end(): void {
    this.assembler?.end();
  }

  private readHeader(text: string, line: number): void {
    const clean = text.replace(/^\uFEFF/, '');
    if (clean.trim() === '') return;
    const delimiter = guessDelimiter(clean);
    const fields = parseRecord(clean, delimiter);
    if (fields === null) throw new MalformedRecordError('the header line has an unclosed quote', { line });
    const index = columnIndex(fields);
    if (!isSysmonHeader(index)) {
      // Left unset: the next line is tried as the header, so a preamble line costs one quarantined record.
      throw new MalformedRecordError('the header needs an EventID (or EventCode) column and Sysmon field columns such as Image and UtcTime', {
        line,
        field: 'EventID',
      });
    }
    this.header = fields.map((f) => f.trim());
    this.index = index;
    this.assembler = new CsvRecordAssembler(delimiter);
  }

  private row(fields: readonly string[], line: number, sink: RecordSink): void {
    const header = this.header as string[];
    const column = (name: string): number | undefined => this.index.get(name.toLowerCase());
    const get = (name: string): string | undefined => {
      const i = column(name);
      return i === undefined ? undefined : fields[i];
    };
    const at = (candidates: readonly string[]): { value: string | undefined; name: string | undefined } => {
      const i = firstColumn(this.index, candidates);
      return i === undefined ? { value: undefined, name: undefined } : { value: fields[i], name: header[i] };
    };

    const sources = SOURCE.map((c) => get(c)).filter((v): v is string => v !== undefined && v.trim() !== '');
    if (sources.length > 0 && !sources.some(isSysmonSource)) {
      sink.ignored(line);
      return;
    }
    const dataColumn = (name: string): number | undefined => {
      for (const p of DATA_PREFIXES) {
        const i = column(p + name);
        if (i !== undefined) return i;
      }
      return undefined;
    };
    const id = at(EVENT_ID);
    const host = at(HOST);
    const time = at(TIME);
    const ms = time.value === undefined ? NaN : exportTime(time.value, this.options.timezone);
    emitSysmonEvent(
      {
        eventId: id.value,
        host: host.value,
        time: Number.isFinite(ms) ? ms : time.value,
        data: (name) => {
          const i = dataColumn(name);
          const value = i !== undefined ? fields[i] : ecsFallback(name, get)?.value;
          return COUNT_FIELDS.has(name) && typeof value === 'string' && GROUPED_COUNT.test(value) ? value.replace(/,/g, '') : value;
        },
      },
      line,
      sink,
      {
        eventId: id.name,
        host: host.name ?? 'Computer',
        time: time.name,
        data: (name) => {
          const i = dataColumn(name);
          return (i !== undefined ? header[i] : ecsFallback(name, get)?.path) ?? name;
        },
      },
    );
  }
}
