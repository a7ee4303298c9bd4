import type { Extraction, RejectedCandidate } from '../indicator-types.js';
import type { WarninglistMatcher } from '../warninglists/index.js';
import { scanDomains } from './domain-candidates.js';
import type { Found, Findings, Rejection } from './findings.js';
import { scanHashes } from './hash-candidates.js';
import { hashtagLabels } from './hashtag-labels.js';
import { scanIpv4 } from './ipv4-candidates.js';
import { scanIpv6 } from './ipv6-candidates.js';
import { refang } from './refang.js';
import { referenceSiteOf } from './reference-sites.js';
import { scanUrls, type UrlSpan } from './url-candidates.js';

export interface ExtractOptions {
  /**
   * Known infrastructure. A hit on a suppressing list moves the indicator to
   * `rejected`; a hit on a context-only list (LOTS, cloud, VPN...) keeps it,
   * for the caller to label. Also makes domains need an IANA TLD.
   */
  warninglists?: WarninglistMatcher;
}

/**
 * The indicators in a post (an X post, a paste, a blog paragraph), refanged
 * and normalised, in order of first appearance, each type+value once (with
 * the first port seen); hashtags as labels; and every candidate that was
 * refused with the reason, so an analyst can see why an address is missing.
 * Pure, and linear in the text: scanners take maximal runs, then classify.
 */
export function extractIndicators(text: string, options: ExtractOptions = {}): Extraction {
  const matcher = options.warninglists;
  const plain = refang(text);
  const findings: Findings = { found: [], rejected: [] };

  const spans = scanUrls(plain, findings, matcher);
  const outsideUrls = blank(plain, spans);
  scanIpv4(plain, findings); // paths too: abuseipdb.com/check/<ip> names the address
  scanIpv6(outsideUrls, findings);
  scanDomains(outsideUrls, findings, matcher);
  scanHashes(plain, findings); // paths too: virustotal.com/gui/file/<sha256>

  const indicators = firstOfEach(findings.found);
  const kept: Found[] = [];
  for (const found of indicators) {
    const site = referenceHost(found.indicator.type, found.indicator.value);
    if (site) {
      findings.rejected.push({ at: found.at, value: found.indicator.value, reason: `a link to a reference site (${site}), not an indicator` });
      continue;
    }
    const hit = matcher?.match(found.indicator.type, found.indicator.value);
    if (hit && !hit.contextOnly) findings.rejected.push({ at: found.at, value: found.indicator.value, reason: `on warninglist "${hit.list}"` });
    else kept.push(found);
  }
  return {
    indicators: kept.map((f) => f.indicator),
    labels: [...new Set(hashtagLabels(outsideUrls).map((l) => l.label))],
    rejected: uniqueRejections(findings.rejected),
  };
}

/** Sorted by position; a later sighting only adds a port when the first had none. */
function firstOfEach(found: Found[]): Found[] {
  const byKey = new Map<string, Found>();
  for (const f of [...found].sort((a, b) => a.at - b.at)) {
    const key = `${f.indicator.type} ${f.indicator.value}`;
    const first = byKey.get(key);
    if (!first) byKey.set(key, { at: f.at, indicator: { ...f.indicator } });
    else if (first.indicator.port === undefined && f.indicator.port !== undefined) first.indicator.port = f.indicator.port;
  }
  return [...byKey.values()];
}

function uniqueRejections(rejected: Rejection[]): RejectedCandidate[] {
  const seen = new Set<string>();
  const out: RejectedCandidate[] = [];
  for (const r of [...rejected].sort((a, b) => a.at - b.at)) {
    const key = `${r.value} ${r.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ value: r.value, reason: r.reason });
  }
  return out;
}

/** The text with URL spans replaced by spaces: offsets stay valid, paths and fragments disappear. */
function blank(text: string, spans: readonly UrlSpan[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let from = 0;
  for (const { start, end } of spans) {
    out += text.slice(from, start) + ' '.repeat(end - start);
    from = end;
  }
  return out + text.slice(from);
}


/** The reference site of a domain or URL indicator, if it is one (see reference-sites.ts). */
function referenceHost(type: string, value: string): string | null {
  if (type === 'domain') return referenceSiteOf(value);
  if (type !== 'url') return null;
  try {
    return referenceSiteOf(new URL(value).hostname);
  } catch {
    return null;
  }
}
