import { describe, expect, it } from 'vitest';
import { cutText, hiddenChars, hiddenCharName, revealHidden, shortText, visiblePieces } from '../../src/shared/index.js';

describe('revealHidden', () => {
  it('shows the right-to-left override that makes invoice<RLO>gpj.exe read as invoiceexe.jpg', () => {
    expect(revealHidden('C:\\Users\\bob\\invoice\u202Egpj.exe')).toBe('C:\\Users\\bob\\invoice⟨U+202E⟩gpj.exe');
  });

  it.each([
    ['bidi embeddings, overrides and pops', '\u202A\u202B\u202C\u202D\u202E', ['202A', '202B', '202C', '202D', '202E']],
    ['bidi isolates', '\u2066\u2067\u2068\u2069', ['2066', '2067', '2068', '2069']],
    ['bidi marks', '\u200E\u200F\u061C', ['200E', '200F', '061C']],
    ['zero-width characters and the BOM', '\u200B\u200C\u200D\u2060\uFEFF', ['200B', '200C', '200D', '2060', 'FEFF']],
    ['C0 controls, DEL and C1 controls', '\u0000\u001B\u007F\u0085\u009B', ['0000', '001B', '007F', '0085', '009B']],
    ['line and paragraph separators', '\u2028\u2029', ['2028', '2029']],
    ['tag characters (ASCII smuggled in a string)', '\u{E0041}\u{E0042}', ['E0041', 'E0042']],
    ['a soft hyphen, the Hangul filler and the combining grapheme joiner', '\u00AD\u3164\u034F', ['00AD', '3164', '034F']],
    ['interlinear annotation controls (format characters that are not default-ignorable)', '\uFFF9\uFFFA\uFFFB', ['FFF9', 'FFFA', 'FFFB']],
    ['a lone surrogate', '\uD800', ['D800']],
  ])('marks %s', (_what, text, codes) => {
    const shown = revealHidden(`x${text}y`);
    expect(shown).toBe(`x${codes.map((c) => `⟨U+${c}⟩`).join('')}y`);
    expect(hiddenChars(text).map((c) => c.toString(16).toUpperCase().padStart(4, '0'))).toEqual(codes);
  });

  it('marks tabs and line breaks in one-line text, keeps them (and CR LF) in multi-line text', () => {
    expect(revealHidden('a\tb\nc\r\nd')).toBe('a⟨U+0009⟩b⟨U+000A⟩c⟨U+000D⟩⟨U+000A⟩d');
    expect(revealHidden('a\tb\nc\r\nd', { lines: true })).toBe('a\tb\nc\r\nd');
    // A CR alone moves a terminal's cursor back over what was written: marked in both.
    expect(revealHidden('ok\rEVIL', { lines: true })).toBe('ok⟨U+000D⟩EVIL');
  });

  it('leaves ordinary text alone, other scripts and spaces included', () => {
    for (const text of ['svchost.exe', 'Ünïcödé ñame', 'سلام', 'שלום', '日本語', 'a b\u00A0c', '']) expect(revealHidden(text)).toBe(text);
  });

  it('keeps the joiners of emoji, marks them anywhere else', () => {
    for (const emoji of ['❤\uFE0F', '1\uFE0F\u20E3', '👩\u200D💻', '👍🏽', '👩🏽\u200D💻', '🏳\uFE0F\u200D🌈']) expect(revealHidden(`C2 ${emoji} up`)).toBe(`C2 ${emoji} up`);
    expect(revealHidden('a\uFE0Fb')).toBe('a⟨U+FE0F⟩b');
    expect(revealHidden('😀\u200Dx')).toBe('😀⟨U+200D⟩x');
    expect(revealHidden('paypal\u200D.com')).toBe('paypal⟨U+200D⟩.com');
    // Data hidden as a run of variation selectors after an emoji: only the first could be presentation.
    expect(revealHidden('😀\uFE0F\uFE01\u{E0100}')).toBe('😀\uFE0F⟨U+FE01⟩⟨U+E0100⟩');
  });

  it('splits into text runs and hidden characters for a UI to style', () => {
    expect(visiblePieces('ab\u202Ecd\u200B')).toEqual([{ text: 'ab' }, { hidden: 0x202e }, { text: 'cd' }, { hidden: 0x200b }]);
    expect(visiblePieces('plain')).toEqual([{ text: 'plain' }]);
    expect(visiblePieces('')).toEqual([{ text: '' }]);
  });

  it('names what it marks', () => {
    expect(hiddenCharName(0x202e)).toBe('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(hiddenCharName(0x1b)).toBe('U+001B ESCAPE');
    expect(hiddenCharName(0x9b)).toBe('U+009B control character');
    expect(hiddenCharName(0xe0041)).toBe('U+E0041 tag character');
  });

  it('is the same on a second call (no state left in the pattern)', () => {
    const text = 'x\u202Ey\u200Bz';
    hiddenChars('\u202E');
    expect(revealHidden(text)).toBe(revealHidden(text));
    expect(hiddenChars(text)).toEqual([0x202e, 0x200b]);
  });
});

describe('cutText', () => {
  it('cuts by characters and by lines, whichever comes first', () => {
    expect(cutText('abcdef', 4)).toEqual({ head: 'abcd', cut: true });
    expect(cutText('abcdef', 6)).toEqual({ head: 'abcdef', cut: false });
    expect(cutText('a\nb\nc\nd', 100, 2)).toEqual({ head: 'a\nb', cut: true });
    expect(cutText('a\nb\nc', 100, 3)).toEqual({ head: 'a\nb\nc', cut: false });
    expect(cutText('aaaa\nb', 3, 2)).toEqual({ head: 'aaa', cut: true });
  });

  it('never splits a surrogate pair', () => {
    const { head, cut } = cutText('ab😀cd', 3);
    expect(cut).toBe(true);
    expect(head).toBe('ab');
  });

  it('gives a short one-line form with an ellipsis', () => {
    expect(shortText('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(shortText('short', 10)).toBe('short');
  });
});
