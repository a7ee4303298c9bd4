import { normalizeIp } from '../../net/index.js';
import { normaliseCidr } from '../normalise-indicator.js';
import { shorten, type Findings } from './findings.js';
import { portAt } from './ipv4-candidates.js';
import { specialRangeReason } from './special-ranges.js';
import { digitsAt, isWordChar } from './text-context.js';

/** Maximal runs of hex digits, colons and dots (for ::ffff:1.2.3.4); most are words like "add" and leave at once. */
const HEXISH_RUN = /[0-9A-Fa-f:.]+/g;

/**
 * IPv6 addresses and networks. A candidate needs two colons and a decimal
 * digit: that leaves out words (`cafe::bad`, C++ `Foo::Bar`), and times
 * (`10:22:33`) and MAC addresses fail the parser. IPv4-mapped addresses
 * become IPv4, as everywhere in Sightline.
 */
export function scanIpv6(text: string, out: Findings): void {
  for (const m of text.matchAll(HEXISH_RUN)) {
    let start = m.index;
    let end = start + m[0].length;
    if (isWordChar(text[end])) continue;
    // Trim sentence punctuation and a lone colon ("from 2001:db8::1: ...", "ip:2001:db8::1") but not "::".
    while (end > start && text[end - 1] === '.') end--;
    if (text[end - 1] === ':' && text[end - 2] !== ':') end--;
    if (text[start] === ':' && text[start + 1] !== ':') start++;
    else if (isWordChar(text[start - 1])) continue;
    const raw = text.slice(start, end);
    if (raw.split(':').length < 3 || !/\d/.test(raw)) continue;
    const ip = normalizeIp(raw);
    if (ip === null) continue;

    const prefix = text[end] === '/' ? digitsAt(text, end + 1, 3) : null;
    if (prefix && !isWordChar(text[prefix.end])) {
      addNetwork(ip, prefix.value, text.slice(start, prefix.end), start, out);
      continue;
    }
    const special = specialRangeReason(ip);
    if (special) {
      out.rejected.push({ at: start, value: shorten(ip), reason: special });
      continue;
    }
    // [2001:db8::1]:443 is how a port is written after an IPv6 address.
    const port = text[start - 1] === '[' && text[end] === ']' && text[end + 1] === ':' ? portAt(text, end + 2) : undefined;
    const type = ip.includes(':') ? 'ipv6' : 'ipv4';
    out.found.push({ at: start, indicator: { type, value: ip, ...(port !== undefined ? { port } : {}) } });
  }
}

function addNetwork(ip: string, prefix: number, raw: string, at: number, out: Findings): void {
  const max = ip.includes(':') ? 128 : 32;
  if (prefix === 0) return void out.rejected.push({ at, value: raw, reason: 'CIDR /0 is the whole address space' });
  if (prefix > max) return void out.rejected.push({ at, value: raw, reason: `CIDR prefix /${prefix} is above ${max}` });
  if (prefix === max) {
    const special = specialRangeReason(ip);
    if (special) out.rejected.push({ at, value: ip, reason: special });
    else out.found.push({ at, indicator: { type: ip.includes(':') ? 'ipv6' : 'ipv4', value: ip } });
    return;
  }
  const network = normaliseCidr(`${ip}/${prefix}`);
  if (network === null) return;
  const special = specialRangeReason(network.slice(0, network.lastIndexOf('/')));
  if (special) out.rejected.push({ at, value: network, reason: special });
  else out.found.push({ at, indicator: { type: 'cidr', value: network } });
}

