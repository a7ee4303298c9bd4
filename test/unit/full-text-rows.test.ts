import { describe, expect, it } from 'vitest';
import { textRows } from '../../src/renderer/text/full-text-rows.js';

const rowsOf = (text: string, cols: number, lines: boolean) => {
  const r = textRows(text, cols, lines);
  return r.starts.map((s, i) => text.slice(s, r.ends[i]));
};

describe('textRows', () => {
  it('cuts one unbroken value into rows of the box width', () => {
    expect(rowsOf('abcdefghij', 4, false)).toEqual(['abcd', 'efgh', 'ij']);
    const huge = 'A'.repeat(1 << 20);
    const r = textRows(huge, 80, false);
    expect(r.count).toBe(Math.ceil(huge.length / 80));
    expect(r.ends[r.count - 1]).toBe(huge.length);
  });

  it('breaks at line feeds (and CR LF) in multi-line text, keeps them inside a one-line value', () => {
    expect(rowsOf('ab\ncdefg\r\n\nh', 3, true)).toEqual(['ab', 'cde', 'fg', '', 'h']);
    expect(rowsOf('ab\ncd', 10, false)).toEqual(['ab\ncd']);
    expect(rowsOf('', 10, true)).toEqual(['']);
    expect(rowsOf('a\n', 10, true)).toEqual(['a', '']);
  });

  it('never splits a surrogate pair', () => {
    expect(rowsOf('ab😀cd', 3, false)).toEqual(['ab', '😀c', 'd']);
  });

  it('counts a tab to the next stop of 8 columns', () => {
    expect(rowsOf('a\tb\tc', 10, true)).toEqual(['a\tb', '\tc']);
    expect(rowsOf('\t\t\t', 8, true)).toEqual(['\t', '\t', '\t']);
  });
});
