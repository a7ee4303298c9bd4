/**
 * What a name or value from a file or a post really holds, shown so that
 * nothing in it can hide or reorder what is displayed. Log values are
 * hostile: `invoice<U+202E>gpj.exe` displays as `invoiceexe.jpg` where the
 * right-to-left override is left to work, a zero-width space makes two
 * names look alike, an escape sequence rewrites a terminal. Every such
 * character becomes a marker like `⟨U+202E⟩`. One definition for the UI,
 * the CLI's human output and reports.
 */

/**
 * Controls (C0, DEL, C1), format characters (bidi embeddings, overrides,
 * isolates and marks, zero-width space and joiners, word joiner, BOM, tag
 * characters…), lone surrogates, line and paragraph separators, and every
 * other default-ignorable code point (variation selectors, Hangul fillers,
 * the combining grapheme joiner): all display as nothing, or move text.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const VS15 = 0xfe0e;
const VS16 = 0xfe0f;
const ZWJ = 0x200d;
const KEYCAP = 0x20e3;

export interface VisibleOptions {
  /** Keep line feeds, tabs and CR LF pairs as they are (multi-line text such as posts and raw lines). Default: marked too. */
  lines?: boolean;
}

/** A run of ordinary text, or one hidden character to show as a marker. */
export type VisiblePiece = { text: string } | { hidden: number };

/** The marker shown for a hidden character: `⟨U+202E⟩`. */
export function hiddenMarker(code: number): string {
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

const NAMES: Record<number, string> = {
  0x00: 'NULL',
  0x09: 'TAB',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0xad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
};

/** What a hidden character is, for a tooltip or a warning: `U+202E RIGHT-TO-LEFT OVERRIDE`. */
export function hiddenCharName(code: number): string {
  const name =
    NAMES[code] ??
    (code < 0x20 || (code >= 0x7f && code <= 0x9f)
      ? 'control character'
      : code >= 0xd800 && code <= 0xdfff
        ? 'lone surrogate (broken text)'
        : code >= 0xe0000 && code <= 0xe007f
          ? 'tag character'
          : (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef)
            ? 'variation selector'
            : 'invisible format character');
  return `${hiddenMarker(code).slice(1, -1)} ${name}`;
}

/**
 * The text cut into ordinary runs and hidden characters. Emoji keep their
 * joiners: one presentation selector right after a pictograph (❤️) or in a
 * keycap (1️⃣), and a zero-width joiner between two pictographs (👩‍💻); any
 * other selector or joiner is marked (data hidden in a run of variation
 * selectors after an emoji included).
 */
export function visiblePieces(text: string, options: VisibleOptions = {}): VisiblePiece[] {
  const pieces: VisiblePiece[] = [];
  let from = 0;
  forEachHidden(text, options, (index, code, length) => {
    if (index > from) pieces.push({ text: text.slice(from, index) });
    pieces.push({ hidden: code });
    from = index + length;
  });
  if (from < text.length || pieces.length === 0) pieces.push({ text: text.slice(from) });
  return pieces;
}

/** The text with every hidden character replaced by its marker (`exe.jpg` stays `⟨U+202E⟩gpj.exe`). */
export function revealHidden(text: string, options: VisibleOptions = {}): string {
  let out = '';
  let from = 0;
  forEachHidden(text, options, (index, code, length) => {
    out += text.slice(from, index) + hiddenMarker(code);
    from = index + length;
  });
  return from === 0 ? text : out + text.slice(from);
}

/** The distinct hidden characters of the text, in order of first appearance (empty: nothing hidden). */
export function hiddenChars(text: string, options: VisibleOptions = {}): number[] {
  const seen = new Set<number>();
  forEachHidden(text, options, (_index, code) => {
    seen.add(code);
  });
  return [...seen];
}

function forEachHidden(text: string, options: VisibleOptions, visit: (index: number, code: number, length: number) => void): void {
  HIDDEN.lastIndex = 0;
  for (let m = HIDDEN.exec(text); m !== null; m = HIDDEN.exec(text)) {
    const code = m[0].codePointAt(0) as number;
    if (options.lines && (code === 0x0a || code === 0x09 || (code === 0x0d && text.charCodeAt(m.index + 1) === 0x0a))) continue;
    if (isEmojiJoiner(text, m.index, code)) continue;
    visit(m.index, code, m[0].length);
  }
}

function isEmojiJoiner(text: string, index: number, code: number): boolean {
  if (code !== VS16 && code !== VS15 && code !== ZWJ) return false;
  const before = codePointBefore(text, index);
  if (before === undefined) return false;
  if (code === ZWJ) {
    const after = text.codePointAt(index + 1);
    const joinsAfter = before === VS16 || (before >= 0x1f3fb && before <= 0x1f3ff) || isPictograph(before);
    return joinsAfter && after !== undefined && isPictograph(after);
  }
  if (isPictograph(before)) return true;
  // A keycap: 0-9, # or * with the emoji selector, then U+20E3.
  return (before === 0x23 || before === 0x2a || (before >= 0x30 && before <= 0x39)) && text.charCodeAt(index + 1) === KEYCAP;
}

function codePointBefore(text: string, index: number): number | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2);
  }
  return low;
}

function isPictograph(code: number): boolean {
  return PICTOGRAPH.test(String.fromCodePoint(code));
}
