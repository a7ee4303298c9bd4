import { normalizeIp } from '../../net/index.js';
import type { ExtractedIndicator } from '../indicator-types.js';
import { normaliseIndicator } from '../normalise-indicator.js';
import type { WarninglistMatcher } from '../warninglists/index.js';
import { classifyIpv4 } from './classify-ipv4.js';
import { classifyDomain } from './classify-domain.js';
import { shorten, type Findings, type Verdict } from './findings.js';
import { specialRangeReason } from './special-ranges.js';

/** Up to the first space, quote or angle bracket; trailing punctuation is trimmed after. `…` ends X's truncated links. */
const URL_RUN = /\b(?:https?|ftp):\/\/[^\s<>"'`\u201C\u201D\u2018\u2019\u2026]+/gi;
const TRAILING = /[.,;:!?*]/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

export interface UrlSpan {
  start: number;
  end: number;
}

/**
 * URLs (after refanging, so `hxxps[://]evil[.]com` counts) and the
 * address or domain of their host. Returns the spans it took so the other
 * scanners can skip their paths. The value is serialised as the intel
 * store's normaliser does (WHATWG URL), so extracted and imported URLs compare equal.
 */
export function scanUrls(text: string, out: Findings, matcher?: WarninglistMatcher): UrlSpan[] {
  const spans: UrlSpan[] = [];
  for (const m of text.matchAll(URL_RUN)) {
    const start = m.index;
    const raw = trimUrl(m[0]);
    spans.push({ start, end: start + raw.length });
    const { host, portText, hostOffset } = splitAuthority(raw);
    if (host === '') continue; // "http://" and nothing: not worth a line in the rejections
    const port = portText !== null && /^\d{1,5}$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65535 ? Number(portText) : undefined;
    const verdict = portText !== null && port === undefined ? { reason: 'port is not a number from 1 to 65535' } : classifyHost(host, matcher);
    const value = verdict && 'value' in verdict ? normaliseIndicator('url', raw) : null;
    if (!verdict || 'reason' in verdict || value === null) {
      const why = verdict && 'reason' in verdict ? verdict.reason : 'not a public address or a domain';
      out.rejected.push({ at: start, value: shorten(raw, 200), reason: `host ${shorten(host, 80)}: ${why}` });
      continue;
    }
    const withPort = port !== undefined ? { port } : {};
    out.found.push({ at: start, indicator: { type: 'url', value, ...withPort } });
    const hostType: ExtractedIndicator['type'] = verdict.value.includes(':') ? 'ipv6' : /^[\d.]+$/.test(verdict.value) ? 'ipv4' : 'domain';
    out.found.push({ at: start + hostOffset, indicator: { type: hostType, value: verdict.value, ...(hostType === 'domain' ? {} : withPort) } });
  }
  return spans;
}

/** Host (lower-case, brackets removed), port text if any, and where the host starts in the URL. */
function splitAuthority(url: string): { host: string; portText: string | null; hostOffset: number } {
  const schemeEnd = url.indexOf('://') + 3;
  const authority = url.slice(schemeEnd, firstOf(url, '/?#', schemeEnd));
  const hostStart = authority.lastIndexOf('@') + 1; // user:pass@host
  const hostPort = authority.slice(hostStart);
  const bracket = hostPort.startsWith('[') ? hostPort.indexOf(']') : -1;
  const colon = hostPort.lastIndexOf(':');
  // A port follows the last colon, after "]" for IPv6; an unbracketed IPv6 host has no port.
  const hasPort = colon > bracket && (bracket !== -1 || hostPort.indexOf(':') === colon);
  const host = (hasPort ? hostPort.slice(0, colon) : hostPort).replace(/^\[|\]$/g, '').toLowerCase();
  return { host, portText: hasPort ? hostPort.slice(colon + 1) : null, hostOffset: schemeEnd + hostStart };
}

function classifyHost(host: string, matcher?: WarninglistMatcher): Verdict {
  if (/^[\d.]+$/.test(host)) return classifyIpv4(host.split('.'));
  if (host.includes(':')) {
    const ip = normalizeIp(host);
    if (ip === null) return null;
    const special = specialRangeReason(ip);
    return special ? { reason: special } : { value: ip };
  }
  return classifyDomain(host, matcher);
}

/** Drop trailing punctuation, and closing brackets that the URL did not open: "(see http://x.com/a)." */
function trimUrl(url: string): string {
  const open: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  for (const ch of url) if (ch in open) open[ch] = (open[ch] as number) + 1;
  const close: Record<string, number> = { ')': 0, ']': 0, '}': 0 };
  for (const ch of url) if (ch in close) close[ch] = (close[ch] as number) + 1;
  let end = url.length;
  for (;;) {
    const ch = url[end - 1] as string;
    const opener = CLOSERS[ch];
    if (TRAILING.test(ch)) end--;
    else if (opener !== undefined && (close[ch] as number) > (open[opener] as number)) {
      close[ch] = (close[ch] as number) - 1;
      end--;
    } else return url.slice(0, end);
  }
}

function firstOf(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i] as string)) return i;
  return text.length;
}
