import type { IntelHit, IntelMatcher } from '../../intel/matcher.js';
import { gradeSeverity, scoreSeverityThresholds } from '../detectors/severity.js';
import type { Evidence } from '../evidence.js';

/**
 * An IoC hit is strong evidence whatever its score: an indicator scoring 0
 * is not matched at all (expired, false positive, allowlisted), so a live one
 * starts at the "low" level and its score (0-100) lifts it towards 1.
 */
export function iocScore(indicatorScore: number): number {
  return Math.round((0.7 + 0.3 * Math.min(100, Math.max(0, indicatorScore)) / 100) * 1000) / 1000;
}

/** The IoC store's word on each destination: its address, then each name it went by. */
export function iocEvidence(matcher: IntelMatcher, addresses: Iterable<string>, names: Map<string, string[]>): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  for (const ip of addresses) {
    const found: Evidence[] = [];
    const hit = matcher.matchIp(ip);
    if (hit) found.push(evidence(hit, ip, hit.type === 'cidr' ? `${ip} is inside ${hit.indicator}, a network in the IoC store` : `${ip} is in the IoC store`));
    for (const name of names.get(ip) ?? []) {
      const d = matcher.matchDomain(name);
      if (d) found.push(evidence(d, name, d.indicator === name ? `${name} (an answer for ${ip}) is in the IoC store` : `${name} (an answer for ${ip}) is under ${d.indicator}, a domain in the IoC store`));
    }
    if (found.length > 0) out.set(ip, found);
  }
  return out;
}

function evidence(hit: IntelHit, observed: string, text: string): Evidence {
  const score = iocScore(hit.score);
  return {
    kind: 'ioc',
    score,
    severity: gradeSeverity(score, scoreSeverityThresholds),
    text: `${text} (${hit.type} indicator, score ${Math.round(hit.score)} now)`,
    facts: { indicator: hit.indicator, indicatorType: hit.type, indicatorScore: Math.round(hit.score), observed },
  };
}
