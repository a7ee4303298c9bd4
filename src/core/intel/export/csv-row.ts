import { stringify, type Options } from 'csv-stringify/sync';

/**
 * One CSV record for a spreadsheet, written by csv-stringify. Indicator
 * values, labels and post URLs are attacker-controlled, so:
 * - a cell starting with = + - @ (or their full-width forms), tab or CR gets
 *   a leading apostrophe (`escape_formulas`): a spreadsheet shows it as text;
 * - a cell holding any character a spreadsheet may split on, `,` `;` tab `|`,
 *   or a quote or line break, is quoted: with `;` as the list separator
 *   (most of Europe), the unquoted `x;=1+2` would become a formula cell `=1+2`.
 */
const OPTIONS: Options = {
  escape_formulas: true,
  quoted_match: /[;\t|\r\n]/,
  quote_record_delimiter: true,
  record_delimiter: 'windows',
};

/**
 * The byte order mark every CSV file Sightline writes starts with: Excel on
 * Windows reads a CSV without one in the machine's ANSI code page, so "→"
 * shows as "â†’" and a host name in Cyrillic as mojibake. UTF-8 readers
 * that do not expect it see U+FEFF glued to the first header (csv-parse:
 * `bom: true`; Python: `encoding="utf-8-sig"`).
 */
export const CSV_BOM = '\uFEFF';

/** A CSV file's first line: the BOM, then the header row. */
export function csvHeader(cells: readonly string[]): string {
  return CSV_BOM + csvRow(cells);
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return csvRows([cells]);
}

/** Many records at once, as csvRow writes each (one stringifier for all: ~3x faster per row than a call each). */
export function csvRows(records: readonly (readonly (string | number | null | undefined)[])[]): string {
  return stringify(
    records.map((cells) => cells.map((c) => c ?? null)),
    OPTIONS,
  );
}
