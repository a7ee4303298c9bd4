import { isLetter, isWordChar, previousWords, tokenAround } from './text-context.js';

/** Words after which dotted numbers are a version: "version 1.2.3.4", "build 10.0.19041.1". */
// Not "update" or "release": "Update: 1.2.3.4 now serves Mirai" is an address.
const VERSION_WORDS = new Set(['version', 'ver', 'ver.', 'v', 'v.', 'rev', 'revision', 'build', 'firmware', 'fw', 'kernel']);
const TOKEN_CHARS = /[\p{L}\p{N}_.+\-/]/u;
const PRODUCT = /^\p{L}[\p{L}\p{N}_+-]*$/u;

/**
 * The text to quote when the dotted numbers at [start, end) are a version
 * rather than an address, or null. Recognised shapes, all seen in
 * honeypot reports: `v1.2.3.4`; `Chrome/41.0.2228.0`, `HTTP/1.1` (a product
 * name, then a slash); `libssh_0.11.1`, `OpenSSH_8.9p1`, `SSH-2.0` (a name
 * glued by `_` or `-`); a letter glued after the numbers (`8.9p1`,
 * `1.2.3.4rc1`); and a version word before them (`version 1.2.3.4`).
 */
export function versionContext(text: string, start: number, end: number): string | null {
  const prev = text[start - 1];
  const before = text[start - 2];
  const glued =
    isLetter(text[end]) ||
    text[end] === '_' ||
    ((prev === 'v' || prev === 'V') && !isWordChar(before)) ||
    (prev === '_' && isWordChar(before)) ||
    (prev === '-' && isLetter(before)) ||
    (prev === '/' && productBeforeSlash(text, start - 1));
  if (glued) return tokenAround(text, start, end, TOKEN_CHARS);
  const [word] = previousWords(text, start, 1);
  if (word !== undefined && VERSION_WORDS.has(word)) return `${word} ${text.slice(start, end)}`;
  return null;
}

/**
 * True for `Chrome/`, `HTTP/`, `Go-http-client/`: one name standing alone
 * before the slash. False for a path (`abuseipdb.com/check/1.2.3.4`), where
 * the name follows another slash or holds a dot.
 */
function productBeforeSlash(text: string, slash: number): boolean {
  let s = slash;
  while (s > 0 && slash - s < 40 && /[\p{L}\p{N}_+.-]/u.test(text[s - 1] as string)) s--;
  const name = text.slice(s, slash);
  const edge = text[s - 1];
  return PRODUCT.test(name) && (edge === undefined || /[\s(,;"'[]/.test(edge));
}
