import { hiddenCharName } from '../../../shared/visible-text.js';
import { closeRealNames, systemBinaries, systemBinary, type SystemBinary } from './system-binaries.js';
import { editDistance } from './edit-distance.js';
import { extensionOf, stemOf } from './windows-path.js';

/**
 * Names built to pass for a system binary: homoglyphs (svch0st, a Cyrillic
 * е in explorer), near-misses (scvhost, lsas, svchosts) and the right name
 * with another program extension (svchost.scr). Names compare by their
 * skeleton: what they look like, not which code points they hold.
 */

/** Letters that draw like Latin ones in Windows' UI fonts (lower case: names are compared lower-cased). */
const CONFUSABLE: Record<string, string> = {
  // Cyrillic; в н м т к are the lower case of В Н М Т К, which draw as B H M T K.
  а: 'a', в: 'b', е: 'e', ё: 'e', һ: 'h', н: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', ӏ: 'l', м: 'm', о: 'o', р: 'p', ԛ: 'q', ѕ: 's', т: 't', у: 'y', ԝ: 'w', х: 'x', ԁ: 'd', ѡ: 'w', ц: 'u', п: 'n',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', μ: 'u', γ: 'y',
  // Armenian
  օ: 'o', ս: 'u', հ: 'h', ո: 'n', ց: 'g', զ: 'q',
  // Latin letters that lose or change their mark
  ı: 'i', ȷ: 'j', ɡ: 'g', ł: 'l', ƚ: 'l', ɩ: 'i', ſ: 's',
  // Digits and signs written for letters
  '0': 'o', '1': 'l', '!': 'l', '|': 'l', '3': 'e', '4': 'a', '@': 'a', '5': 's', $: 's', '7': 't', '8': 'b', '9': 'g', '2': 'z',
};

/** Letters that are one another in most fonts once case is gone: I, l and 1. */
const SAME_SHAPE: Record<string, string> = { i: 'l' };

const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
const MARKS = /\p{M}/gu;

/** The visible letters of a name, lower-case, marks dropped, invisible characters removed, trailing dots and spaces cut (Windows drops them). */
export function visibleName(name: string): string {
  return withoutTrailingDots(name.replace(HIDDEN, '').normalize('NFKC').toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC'));
}

/** The text without the dots and spaces that end it; a loop, since /[. ]+$/ retries every run from each of its characters (quadratic on a hostile name). */
function withoutTrailingDots(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '.' || text[end - 1] === ' ')) end--;
  return text.slice(0, end);
}

/** What a name looks like: look-alike letters folded together (`svch0st`, `svсhost` and `svchost` share one skeleton). */
export function skeleton(name: string): string {
  let out = '';
  for (const ch of visibleName(name)) {
    const latin = CONFUSABLE[ch] ?? ch;
    out += SAME_SHAPE[latin] ?? latin;
  }
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w');
}

export type LookalikeHow = 'homoglyph' | 'near' | 'other-extension';

export interface Lookalike {
  target: SystemBinary;
  how: LookalikeHow;
  /** How it differs, in words: "'0' (a digit) in place of 'o'", "two letters swapped". */
  difference: string;
}

const PROGRAM_EXTENSIONS = new Set(['.exe', '.scr', '.com', '.pif', '.cpl', '.bat', '.cmd', '.vbs', '.js', '.hta', '.msi', '.ps1', '.dll']);

interface Guarded {
  target: SystemBinary;
  stem: string;
  extension: string;
  skeleton: string;
}

const guarded: readonly Guarded[] = systemBinaries.map((target) => {
  const lower = target.name.toLowerCase();
  return { target, stem: stemOf(lower), extension: extensionOf(lower), skeleton: skeleton(stemOf(lower)) };
});

export interface NearNameLimits {
  oneEditFrom: number;
  twoEditsFrom: number;
}

/** The system binary this name imitates, if any; null for the real names themselves and for real names that happen to be close. */
export function findLookalike(name: string, limits: NearNameLimits): Lookalike | null {
  const lower = name.toLowerCase();
  if (systemBinary(name) || closeRealNames.has(lower)) return null;
  const visible = visibleName(name);
  const extension = extensionOf(visible);
  if (!PROGRAM_EXTENSIONS.has(extension)) return null;
  const stem = stemOf(visible);
  const shape = skeleton(stem);
  let near: Lookalike | null = null;
  let nearest = Infinity;
  for (const g of guarded) {
    if (shape === g.skeleton) {
      if (extension === g.extension) return { target: g.target, how: 'homoglyph', difference: describeSwap(name, g.stem) };
      if (stem === g.stem) return { target: g.target, how: 'other-extension', difference: `the extension ${extension} instead of ${g.extension}` };
      continue;
    }
    if (!g.target.imitated || extension !== g.extension) continue;
    const allowed = g.stem.length >= limits.twoEditsFrom ? 2 : g.stem.length >= limits.oneEditFrom ? 1 : 0;
    if (allowed === 0) continue;
    const d = editDistance(shape, g.skeleton, allowed);
    if (d <= allowed && d < nearest) {
      nearest = d;
      near = { target: g.target, how: 'near', difference: describeEdit(shape, g.skeleton, d) };
    }
  }
  return near;
}

const DOCUMENT_EXTENSIONS = new Set([
  'pdf', 'doc', 'docx', 'docm', 'xls', 'xlsx', 'xlsm', 'ppt', 'pptx', 'rtf', 'txt', 'csv', 'odt', 'jpg', 'jpeg', 'png', 'gif', 'bmp',
  'mp3', 'mp4', 'avi', 'mov', 'wav', 'zip', 'rar', '7z', 'htm', 'html', 'eml', 'msg', 'iso',
]);

/** A program named like a document (invoice.pdf.exe, report.docx      .exe): the document extension it shows and the program extension Explorer hides. */
export function doubleExtension(name: string): { shown: string; real: string } | null {
  const m = /\.([a-z0-9]{2,4})[\s._]*\.(exe|scr|com|pif|cpl|bat|cmd|vbs|js|hta|msi|ps1)$/i.exec(name.trimEnd());
  return m && DOCUMENT_EXTENSIONS.has((m[1] as string).toLowerCase()) ? { shown: `.${m[1]}`, real: `.${m[2]}` } : null;
}

/** The part that differs, with what its characters are: "'0' (a digit) in place of 'o'". */
function describeSwap(name: string, target: string): string {
  const hidden = [...new Set(name.match(HIDDEN) ?? [])];
  const trimmed = name.replace(HIDDEN, '').normalize('NFC');
  const plain = withoutTrailingDots(trimmed);
  const a = [...stemOf(plain)];
  const b = [...target];
  let start = 0;
  while (start < a.length && start < b.length && (a[start] as string).toLowerCase() === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && (a[endA - 1] as string).toLowerCase() === b[endB - 1]) {
    endA--;
    endB--;
  }
  const shown = a.slice(start, endA).join('');
  const parts: string[] = [];
  if (shown !== '' || endB > start) parts.push(`'${shown}' (${whatChars(shown)}) in place of '${b.slice(start, endB).join('')}'`);
  if (hidden.length > 0) parts.push(`invisible characters (${hidden.map((c) => hiddenCharName(c.codePointAt(0) as number)).join(', ')})`);
  if (plain !== trimmed) parts.push('dots or spaces after the name, which Windows does not show');
  return parts.join(' and ');
}

function whatChars(text: string): string {
  const chars = [...text];
  if (chars.every((c) => /\d/.test(c))) return chars.length === 1 ? 'a digit' : 'digits';
  if (chars.every((c) => /[a-z]/i.test(c))) return chars.length === 1 ? 'a Latin letter' : 'Latin letters';
  const described = chars.map((c) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}${scriptOf(c)}`);
  return described.length <= 3 ? described.join(', ') : `${described.length} characters: ${described.slice(0, 2).join(', ')}, …`;
}

function scriptOf(c: string): string {
  for (const script of ['Cyrillic', 'Greek', 'Armenian', 'Latin']) {
    if (new RegExp(`\\p{Script=${script}}`, 'u').test(c)) return ` ${script}`;
  }
  return '';
}

function describeEdit(shape: string, target: string, d: number): string {
  if (d === 2) return 'two letters away';
  if (shape.length > target.length) return 'one letter added';
  if (shape.length < target.length) return 'one letter left out';
  const diff = [...shape].flatMap((c, i) => (c === target[i] ? [] : [i]));
  return diff.length === 2 ? 'two letters swapped' : 'one letter changed';
}
