import type { IndicatorType } from '../indicator-types.js';
import type { Findings } from './findings.js';
import { isWordChar } from './text-context.js';

const HEX_RUN = /[0-9A-Fa-f]+/g;
const BY_LENGTH: Record<number, IndicatorType> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/**
 * MD5, SHA-1 and SHA-256 as whole hex tokens: a 64-character run inside a
 * longer one (a SHA-512, a blob) or glued to a word (`0x...`) is not a hash.
 * Runs through URLs too: VirusTotal links carry the sample's hash.
 */
export function scanHashes(text: string, out: Findings): void {
  for (const m of text.matchAll(HEX_RUN)) {
    const type = BY_LENGTH[m[0].length];
    if (!type || isWordChar(text[m.index - 1]) || isWordChar(text[m.index + m[0].length])) continue;
    const value = m[0].toLowerCase();
    if (/^\d+$/.test(value)) out.rejected.push({ at: m.index, value, reason: 'only decimal digits: a number, not a hash' });
    else if (/^(.)\1*$/.test(value)) out.rejected.push({ at: m.index, value, reason: 'one repeated character: a placeholder, not a hash' });
    else out.found.push({ at: m.index, indicator: { type, value } });
  }
}
