import type { ExtractedIndicator } from '../indicator-types.js';
import { guessIndicatorType, normaliseIndicator } from '../normalise-indicator.js';

export interface PlainListOptions {
  /** For CSV lists: the column holding the indicator, by 0-based index or header name. */
  column?: number | string;
}

/**
 * Plain lists: one indicator per line with `#` or `;` comments (ET, FireHOL
 * `.netset` CIDRs), or CSV with the indicator in a chosen column (Feodo
 * Tracker's `dst_ip`). Returns a line reader that is fed one line at a time,
 * so a million-line list never sits in memory as one string.
 */
export function createPlainListReader(options: PlainListOptions = {}): { line(text: string): ExtractedIndicator | 'skip' | 'invalid' } {
  let columnIndex = typeof options.column === 'number' ? options.column : undefined;
  const columnName = typeof options.column === 'string' ? options.column.toLowerCase() : undefined;
  return {
    line(text) {
      const t = text.trim();
      if (t === '' || t.startsWith('#') || t.startsWith(';') || t.startsWith('//')) return 'skip';
      let value = t;
      if (columnIndex !== undefined || columnName !== undefined) {
        const cells = splitCsv(t);
        if (columnIndex === undefined) {
          const i = cells.findIndex((c) => c.toLowerCase() === columnName);
          if (i !== -1) {
            columnIndex = i;
            return 'skip';
          }
          return 'invalid';
        }
        value = cells[columnIndex] ?? '';
      } else {
        // "1.2.3.4 # comment" and "1.2.3.4\tdescription": the first token is the value.
        value = t.split(/[\s;#]/, 1)[0] ?? '';
      }
      const type = guessIndicatorType(value);
      if (!type) return 'invalid';
      const normalised = normaliseIndicator(type, value);
      return normalised ? { type, value: normalised } : 'invalid';
    },
  };
}

/** One CSV line into cells: quotes with doubled quotes inside; enough for list files (no embedded newlines). */
export function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}
