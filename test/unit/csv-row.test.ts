import { describe, expect, it } from 'vitest';
import { csvRow } from '../../src/core/intel/export/csv-row.js';
import { FORMULA_START, spreadsheetCells } from '../helpers/spreadsheet-cells.js';


describe('csvRow', () => {
  it('quotes a cell holding ; so that a ;-separated spreadsheet cannot split a formula out of it', () => {
    const line = csvRow(['url', 'x;=1+2', 'https://evil.example/a;=cmd|calc!A0']);
    expect(line).toBe('url,"x;=1+2","https://evil.example/a;=cmd|calc!A0"\r\n');
  });

  it.each([',', ';', '\t', '|'])('leaves no formula cell when read with %j as the separator', (separator) => {
    const hostile = ['x;=1+2', 'https://evil.example/a;=cmd|calc!A0', 'a|=1', 'a\t=1', 'a,=1', '=SUM(A1)', '+1', '-1+2', '@cmd', '\uFF1D1', '\t=1', '\r=1', 'say "=hi"', 'two\nlines'];
    const line = csvRow(hostile);
    expect(line.endsWith('\r\n')).toBe(true);
    const cells = spreadsheetCells(line.slice(0, -2), separator);
    for (const cell of cells) expect(cell).not.toMatch(FORMULA_START);
    // With the comma it was written for, every value comes back, formulas defused by one apostrophe.
    if (separator === ',') expect(cells.map((c) => c.replace(/^'(?=[=+\-@\uFF1D\t\r])/, ''))).toEqual(hostile);
  });

  it('quotes quotes, commas, tabs, pipes and line breaks; leaves plain cells and numbers bare', () => {
    expect(csvRow(['a"b', 'a,b', 'a\tb', 'a|b', 'a\rb', 'a\nb'])).toBe('"a""b","a,b","a\tb","a|b","a\rb","a\nb"\r\n');
    expect(csvRow(['ipv4', '203.0.113.9', 87.5, 0, null, undefined, ''])).toBe('ipv4,203.0.113.9,87.5,0,,,\r\n');
  });
});
