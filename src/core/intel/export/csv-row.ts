/**
 * One CSV cell, quoted when needed, and defused against formula injection:
 * a value starting with = + - @ (or tab / CR) would run as a formula when an
 * analyst opens the file in a spreadsheet, so it gets a leading apostrophe.
 * Indicator values and post texts are attacker-controlled.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
