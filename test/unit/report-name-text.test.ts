import { describe, expect, it } from 'vitest';
import { nameText } from '../../src/core/report/html/text.js';

/** The HTML chain box's names: escaped, hidden characters shown, wrap opportunities only where a name has parts. */
describe('nameText', () => {
  it('puts a <wbr> after each . / \\ : - _ (and space) and nowhere else', () => {
    expect(nameText('fin-ws.corp.example')).toBe('fin-<wbr>ws.<wbr>corp.<wbr>example');
    expect(nameText('C:\\Users\\ann\\a_b.exe')).toBe('C:<wbr>\\<wbr>Users\\<wbr>ann\\<wbr>a_<wbr>b.<wbr>exe');
    expect(nameText('WORKSTATION42')).toBe('WORKSTATION42');
  });

  it('escapes markup and shows hidden characters as markers, never splitting a marker or an entity', () => {
    expect(nameText("=cmd|' /C calc'!A0")).toBe('=cmd|&apos; <wbr>/<wbr>C <wbr>calc&apos;!A0');
    expect(nameText('WS09-\u202Eexe.txt')).toBe('WS09-<wbr>⟨U+202E⟩exe.<wbr>txt');
    expect(nameText('<img src=x onerror=alert(1)>.example')).toBe('&lt;img <wbr>src=x <wbr>onerror=alert(1)&gt;.<wbr>example');
  });

  it('cuts only a run longer than 24 characters with nowhere to wrap, every 24 characters (a hostile host name still fits the page)', () => {
    const run = 'A'.repeat(60);
    expect(nameText(run)).toBe(`${'A'.repeat(24)}<wbr>${'A'.repeat(24)}<wbr>${'A'.repeat(12)}`);
    expect(nameText(`${'b'.repeat(24)}.c`)).toBe(`${'b'.repeat(24)}.<wbr>c`);
    // Characters outside the BMP are not split in two.
    expect(nameText('😀'.repeat(25)).split('<wbr>')).toEqual(['😀'.repeat(24), '😀']);
  });
});
