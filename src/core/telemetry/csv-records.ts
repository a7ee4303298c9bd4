import type { CsvFields } from './csv-fields.js';
import { MalformedRecordError } from '../errors/index.js';

/** One CSV record and the line it starts on (a quoted field may span lines). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** A quoted field longer than this is a stray quote eating the file, not data. */
const MAX_RECORD_CHARS = 1 << 20;
const MAX_RECORD_LINES = 10_000;

/**
 * Assembles RFC 4180 records from lines: fields separated by one delimiter,
 * optionally quoted with `"`, `""` for a quote inside, delimiters and line
 * breaks allowed inside quotes. A quote in the middle of an unquoted field is
 * kept as a character (exports write `5" disk` unquoted), so a stray quote
 * cannot swallow the rest of the file; a quoted field still open after 1 MB
 * or 10,000 lines is reported as malformed and reading resumes after it.
 * A line break inside quotes comes back as LF: lines arrive without their
 * terminator, so a CRLF there cannot be told from an LF.
 */
export class CsvRecordAssembler {
  private pending: string[] | null = null;
  private pendingChars = 0;
  private pendingLine = 0;
  private state: QuoteState = FIELD_START;

  constructor(readonly delimiter: string) {
    if (delimiter.length !== 1 || delimiter === '"') throw new Error(`bad CSV delimiter ${JSON.stringify(delimiter)}`);
  }

  /** The record completed by this line, or null while a quoted field is still open. */
  push(text: string, line: number): CsvRecord | null {
    if (this.pending === null) {
      // Most rows have no quote at all: split without walking characters.
      if (!text.includes('"')) return { fields: text.split(this.delimiter), line };
      this.state = scan(text, this.delimiter, FIELD_START);
      if (this.state !== IN_QUOTES) return { fields: parseRecord(text, this.delimiter) ?? [text], line };
      this.pending = [text];
      this.pendingChars = text.length;
      this.pendingLine = line;
      return null;
    }
    // Only the new line is scanned: re-reading the whole open record per line
    // would make one stray quote quadratic in the size of the file.
    this.pending.push(text);
    this.pendingChars += text.length + 1;
    this.state = scan(`\n${text}`, this.delimiter, this.state);
    if (this.state !== IN_QUOTES) {
      const joined = this.pending.join('\n');
      const record = { fields: parseRecord(joined, this.delimiter) ?? [joined], line: this.pendingLine };
      this.pending = null;
      return record;
    }
    if (this.pendingChars > MAX_RECORD_CHARS || this.pending.length > MAX_RECORD_LINES) {
      const start = this.pendingLine;
      this.pending = null;
      throw new MalformedRecordError(`a quoted field opened here is not closed within ${MAX_RECORD_LINES} lines or 1 MB`, { line: start });
    }
    return null;
  }

  /**
   * push() into a reused CsvFields: a line without quotes is not split (see
   * CsvFields). True when `into` holds a complete record.
   */
  pushInto(text: string, line: number, into: CsvFields): boolean {
    if (this.pending === null && !text.includes('"')) {
      into.setLine(text, this.delimiter, line);
      return true;
    }
    const record = this.push(text, line);
    if (!record) return false;
    into.setFields(record.fields, record.line);
    return true;
  }

  /** The raw text of a record still open (for quarantine), or null. */
  get open(): { line: number; text: string } | null {
    return this.pending === null ? null : { line: this.pendingLine, text: this.pending.join('\n') };
  }

  /** Throws for a quoted field still open at the end of the file (the file is cut short). */
  end(): void {
    if (this.pending !== null) {
      const line = this.pendingLine;
      this.pending = null;
      throw new MalformedRecordError('a quoted field is not closed before the end of the file (is the file cut short?)', { line });
    }
  }
}

// Where the scanner is within a record; the same rules as parseRecord.
type QuoteState = 0 | 1 | 2 | 3;
const FIELD_START = 0;
const UNQUOTED = 1;
const IN_QUOTES = 2;
/** A quote inside a quoted field: either the closing quote or the first of `""`. */
const QUOTE_IN_QUOTES = 3;

function scan(text: string, delimiter: string, from: QuoteState): QuoteState {
  let state = from;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (state === IN_QUOTES) {
      const q = text.indexOf('"', i);
      if (q === -1) return IN_QUOTES;
      state = QUOTE_IN_QUOTES;
      i = q + 1;
      continue;
    }
    const c = text[i];
    if (state === QUOTE_IN_QUOTES) state = c === '"' ? IN_QUOTES : c === delimiter ? FIELD_START : UNQUOTED;
    else if (state === FIELD_START) state = c === '"' ? IN_QUOTES : c === delimiter ? FIELD_START : UNQUOTED;
    else if (c === delimiter) state = FIELD_START;
    i++;
  }
  return state;
}

/** Splits one record; null when a quoted field is still open at the end of `text`. */
export function parseRecord(text: string, delimiter: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text[i] === '"') {
      // Quoted field.
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return null;
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept (lenient, as spreadsheets are).
      const d = text.indexOf(delimiter, j);
      const end = d === -1 ? n : d;
      fields.push(value + text.slice(j, end));
      if (d === -1) return fields;
      i = d + 1;
    } else {
      const d = text.indexOf(delimiter, i);
      if (d === -1) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, d));
      i = d + 1;
    }
  }
}

/** The delimiter a header line uses: the candidate that splits it into the most fields. */
export function guessDelimiter(headerLine: string): ',' | '\t' | ';' | '|' {
  let best: ',' | '\t' | ';' | '|' = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';', '|'] as const) {
    const count = parseRecord(headerLine, d)?.length ?? 0;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}
