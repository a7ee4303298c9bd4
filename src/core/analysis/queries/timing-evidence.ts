import type { BeaconVerdict } from '../detectors/beacon/index.js';
import type { LongConnectionVerdict } from '../detectors/long-connection/index.js';
import type { Evidence } from '../evidence.js';

/** A beacon verdict as evidence, or null when there is nothing to report (ineligible, or scored below info). */
export function beaconEvidence(v: BeaconVerdict): Evidence | null {
  if (v.kind === 'ineligible') return null;
  if (v.kind === 'strobe') {
    return { kind: 'beacon', score: v.score, severity: v.severity, text: v.explanation, facts: { strobe: true, connections: v.connections, peakPerDay: v.peakPerDay } };
  }
  if (v.severity === null) return null;
  const i = v.evidence.intervals;
  return {
    kind: 'beacon',
    score: v.score,
    severity: v.severity,
    text: v.explanation,
    facts: {
      connections: v.evidence.connections,
      medianIntervalSeconds: i.median,
      intervalSpread: i.spread,
      tsScore: v.subscores.ts,
      dsScore: v.subscores.ds,
      durScore: v.subscores.dur,
      histScore: v.subscores.hist,
      firstSeen: v.evidence.firstSeen,
      lastSeen: v.evidence.lastSeen,
    },
  };
}

export function longConnectionEvidence(v: LongConnectionVerdict): Evidence | null {
  if (v.severity === null) return null;
  return {
    kind: 'long-connection',
    score: v.score,
    severity: v.severity,
    text: v.explanation,
    facts: { totalSeconds: v.totalSeconds, connections: v.connections, longestSeconds: v.longestSeconds },
  };
}
