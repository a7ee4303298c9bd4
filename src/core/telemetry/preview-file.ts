import type { FilePreview, TelemetryFormat } from '../../shared/types.js';
import { MalformedRecordError, UnsupportedFormatError } from '../errors/index.js';
import { classifyColumn, looksLikeData, suggestColumns } from './column-guess.js';
import { CsvRecordAssembler, guessDelimiter } from './csv-records.js';
import { detectFormat } from './detect-format.js';
import { readLines } from './line-reader.js';
import { readerFor } from './readers/index.js';
import { guessTimeFormats } from './time.js';

type Delimiter = ',' | '\t' | ';' | '|';

export interface PreviewOptions {
  delimiter?: Delimiter;
  header?: boolean;
  rows: number;
}

/** Recognised formats that are tables: shown split into columns like a file to map. */
const CSV_SHAPED = new Set<TelemetryFormat>(['nfdump-csv', 'argus-binetflow', 'sysmon-csv']);
// A preview is a glance: whatever the file holds, it costs at most this much.
const MAX_LINES = 5000;
const MAX_CHARS = 2 << 20;
const MAX_CELL = 2000;
const MAX_COLUMNS = 500;

/**
 * What the import wizard shows before an import: the recognised format (or
 * why there is none), the first rows split into columns, each column's value
 * type, and a proposed mapping. Only the first lines are read (gunzipped for
 * .gz), never the whole file.
 */
export async function previewFile(file: string, displayName: string, opts: PreviewOptions): Promise<FilePreview> {
  let format: TelemetryFormat | null = null;
  let problem: string | null = null;
  try {
    format = await detectFormat(file, displayName);
  } catch (err) {
    if (!(err instanceof UnsupportedFormatError)) throw err;
    problem = err.message;
  }
  if (format !== null && !CSV_SHAPED.has(format)) {
    // Zeek, JSON lines, XML: one raw line per row; binary formats show nothing.
    const rows = readerFor(format).kind === 'lines' ? (await firstLines(file, opts.rows)).map((l) => [cell(l)]) : [];
    return { file: displayName, format, problem, delimiter: null, columns: [], rows, columnTypes: [], suggested: { header: true, timeFormat: 'auto', columns: {} }, timeFormats: [] };
  }
  const table = await readTable(file, opts);
  const width = Math.min(MAX_COLUMNS, Math.max(table.header?.length ?? 0, ...table.rows.map((r) => r.length)));
  const columns = Array.from({ length: width }, (_, i) => cell(table.header?.[i]?.trim() || `column ${i + 1}`));
  const rows = table.rows.map((r) => r.slice(0, width).map(cell));
  // Rows of another width (nfdump's Summary block, a trailer) say nothing about the columns' types.
  const sameWidth = table.header ? rows.filter((_, i) => table.rows[i]?.length === table.header?.length) : rows;
  const typical = sameWidth.length > 0 ? sameWidth : rows;
  const values = (i: number): string[] => typical.map((r) => r[i] ?? '');
  const columnTypes = columns.map((_, i) => classifyColumn(values(i)));
  const suggestedColumns = suggestColumns(table.header ? columns.map((_, i) => table.header?.[i]?.trim() ?? '') : null, columnTypes);
  const time = suggestedColumns.time;
  const timeIndex = typeof time === 'number' ? time : time === undefined ? -1 : columns.indexOf(time);
  const timeFormats = timeIndex === -1 ? [] : guessTimeFormats(values(timeIndex));
  return {
    file: displayName,
    format,
    problem,
    delimiter: table.delimiter,
    columns,
    rows,
    columnTypes,
    suggested: { delimiter: table.delimiter, header: table.header !== null, columns: suggestedColumns, timeFormat: timeFormats[0] ?? 'auto' },
    timeFormats,
  };
}

interface Table {
  delimiter: Delimiter;
  header: string[] | null;
  rows: string[][];
}

async function readTable(file: string, opts: PreviewOptions): Promise<Table> {
  let delimiter: Delimiter | null = opts.delimiter ?? null;
  let assembler: CsvRecordAssembler | null = null;
  const records: string[][] = [];
  // One record more than asked, for the header when there is one.
  const wanted = opts.rows + 1;
  let lines = 0;
  let chars = 0;
  for await (const { text, number } of readLines(file, { highWaterMark: 64 * 1024 })) {
    if (++lines > MAX_LINES || (chars += text.length) > MAX_CHARS) break;
    if (!assembler) {
      if (text.trim() === '') continue;
      delimiter ??= guessDelimiter(text);
      assembler = new CsvRecordAssembler(delimiter);
    }
    let record;
    try {
      record = assembler.push(text, number);
    } catch (err) {
      // A runaway quoted field: show what came before it.
      if (err instanceof MalformedRecordError) break;
      throw err;
    }
    if (!record || (record.fields.length === 1 && record.fields[0] === '')) continue;
    records.push(record.fields);
    if (records.length >= wanted) break;
  }
  const first = records[0];
  const header = first !== undefined && (opts.header ?? !looksLikeData(first)) ? first : null;
  const rows = header ? records.slice(1) : records.slice(0, opts.rows);
  return { delimiter: delimiter ?? ',', header, rows };
}

async function firstLines(file: string, n: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const { text } of readLines(file, { highWaterMark: 64 * 1024 })) {
    lines.push(text);
    if (lines.length >= n) break;
  }
  return lines;
}

function cell(value: string): string {
  return value.length > MAX_CELL ? `${value.slice(0, MAX_CELL - 1)}…` : value;
}
