import { normaliseCidr } from '../normalise-indicator.js';
import { classifyIpv4, ipv4Syntax } from './classify-ipv4.js';
import { shorten, type Findings } from './findings.js';
import { specialRangeReason } from './special-ranges.js';
import { digitsAt, isWordChar } from './text-context.js';
import { versionContext } from './version-context.js';

/*
 * Maximal runs of digits and dots, classified afterwards. A pattern that
 * demands "four parts" directly backtracks over long digit runs (quadratic
 * on 100 KB of digits); a maximal run is consumed once.
 */
const NUMERIC_RUN = /\d+(?:\.\d+)*/g;

export function scanIpv4(text: string, out: Findings): void {
  for (const m of text.matchAll(NUMERIC_RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    const parts = m[0].split('.');
    if (parts.length < 2) continue;

    const version = versionContext(text, start, end);
    if (version !== null) {
      out.rejected.push({ at: start, value: shorten(version), reason: 'version string' });
      continue;
    }
    // Glued to a word or a longer dotted name (x1.2.3.4, a.1.2.3.4, 1.2.3.4.nip.io): not a standalone address.
    const prev = text[start - 1];
    if (isWordChar(prev) || prev === '.' || (text[end] === '.' && isWordChar(text[end + 1]))) continue;
    if (parts.length > 4) {
      out.rejected.push({ at: start, value: shorten(m[0]), reason: `${parts.length} dot-separated numbers: not an IPv4 address` });
      continue;
    }
    if (parts.length < 4) continue;

    if (text[end] === '/' && addCidr(text, start, end, parts, out)) continue;
    const verdict = classifyIpv4(parts);
    if (!verdict) continue;
    if ('reason' in verdict) {
      out.rejected.push({ at: start, value: m[0], reason: verdict.reason });
      continue;
    }
    const port = text[end] === ':' ? portAt(text, end + 1) : undefined;
    out.found.push({ at: start, indicator: { type: 'ipv4', value: verdict.value, ...(port !== undefined ? { port } : {}) } });
  }
}

/** `a.b.c.d/nn`: false when the slash starts a path (`/bins/x`), so the address is kept alone. */
function addCidr(text: string, start: number, end: number, parts: readonly string[], out: Findings): boolean {
  const prefix = digitsAt(text, end + 1, 3);
  if (!prefix || isWordChar(text[prefix.end]) || text[prefix.end] === '/') return false;
  const raw = text.slice(start, prefix.end);
  const syntax = ipv4Syntax(parts);
  if (!syntax) return false;
  const ip = 'value' in syntax ? syntax.value : '';
  if ('reason' in syntax) out.rejected.push({ at: start, value: raw, reason: syntax.reason });
  else if (prefix.value === 0) out.rejected.push({ at: start, value: raw, reason: 'CIDR /0 is the whole address space' });
  else if (prefix.value > 32) out.rejected.push({ at: start, value: raw, reason: `CIDR prefix /${prefix.value} is above 32` });
  else if (prefix.value === 32) addAddress(ip, start, out);
  else {
    const network = normaliseCidr(`${ip}/${prefix.value}`) as string;
    const special = specialRangeReason(network.slice(0, network.indexOf('/')));
    if (special) out.rejected.push({ at: start, value: network, reason: special });
    else out.found.push({ at: start, indicator: { type: 'cidr', value: network } });
  }
  return true;
}

/** The port after `ip:`, when it is one (1 to 65535, not followed by more digits). */
export function portAt(text: string, at: number): number | undefined {
  const digits = digitsAt(text, at, 5);
  if (!digits || isWordChar(text[digits.end])) return undefined;
  return digits.value >= 1 && digits.value <= 65535 ? digits.value : undefined;
}

/** A /32 is the address itself; it still has to be a public one. */
function addAddress(ip: string, at: number, out: Findings): void {
  const special = specialRangeReason(ip);
  if (special) out.rejected.push({ at, value: ip, reason: special });
  else out.found.push({ at, indicator: { type: 'ipv4', value: ip } });
}
