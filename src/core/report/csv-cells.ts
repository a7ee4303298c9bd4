import { revealHidden } from '../../shared/visible-text.js';
import { csvRows } from '../intel/export/csv-row.js';

/**
 * One row of a report CSV: text cells with their hidden characters shown as
 * markers (a host named with U+202E reads as it is, not reordered), then
 * csvRow's formula safety (a cell starting with = + - @, tab or CR gets a
 * leading apostrophe; numbers stay numbers).
 */
export function reportCsvRow(cells: readonly (string | number | null | undefined)[]): string {
  return reportCsvRows([cells]);
}

/** Many rows at once, as reportCsvRow writes each. */
export function reportCsvRows(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return csvRows(rows.map((cells) => cells.map((c) => (typeof c === 'string' ? revealHidden(c) : c))));
}

/** A list in one cell: `a; b; c` (csvRow quotes a cell holding `;`). */
export function listCell(values: readonly string[]): string | null {
  return values.length > 0 ? values.join('; ') : null;
}
