import { specialRangeReason } from './special-ranges.js';
import type { Verdict } from './findings.js';

/**
 * Four dot-separated numbers as a dotted quad, or why they are not one.
 * The order matters: the most telling reason wins, so `1.234.567.890`
 * reads as a number with thousands separators, not merely "octet above 255".
 */
export function ipv4Syntax(parts: readonly string[]): Verdict {
  if (parts.length !== 4) return null;
  const numbers = parts.map(Number);
  const tooBig = numbers.some((n) => n > 255);
  if (tooBig && parts.slice(1).every((p) => p.length === 3)) return { reason: 'number with thousands separators' };
  if (tooBig) return { reason: 'octet above 255' };
  // 010.1.1.1 is 8.1.1.1 to inet_aton and 10.1.1.1 to a reader: refuse to guess.
  if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return { reason: 'leading zero in an octet' };
  return { value: numbers.join('.') };
}

/** A dotted quad that is also a public address, or why not. */
export function classifyIpv4(parts: readonly string[]): Verdict {
  const syntax = ipv4Syntax(parts);
  if (!syntax || 'reason' in syntax) return syntax;
  const special = specialRangeReason(syntax.value);
  return special ? { reason: special } : syntax;
}
