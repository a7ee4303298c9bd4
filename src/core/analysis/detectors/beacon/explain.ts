import { formatCount, formatDuration, formatPercent, formatPeriod, formatScore } from '../explain-format.js';
import type { BeaconSettings } from './settings.js';
import type { BeaconEvidence } from './verdict.js';

/**
 * One sentence per verdict, with its numbers, for the findings list:
 * "every ~600 s (±3 %) over 6 days, 864 connections, beacon score 0.93".
 */

function connections(n: number): string {
  return `${formatCount(n)} connection${n === 1 ? '' : 's'}`;
}

export function explainScored(e: BeaconEvidence, score: number, reportable: boolean, bytesLeftOut: boolean): string {
  const rhythm = `${formatPeriod(e.intervals.median)} (±${formatPercent(e.intervals.spread)})`;
  const span = formatDuration(e.lastSeen - e.firstSeen);
  const lead = reportable ? `every ${rhythm}` : `no steady rhythm: gaps of ${rhythm}`;
  const sizes = bytesLeftOut ? ' (no byte counts: judged on timing alone)' : '';
  return `${lead} over ${span}, ${connections(e.connections)}, beacon score ${formatScore(score)}${sizes}`;
}

export function explainStrobe(total: number, peakPerDay: number, firstSeen: number, lastSeen: number): string {
  return `a strobe: ${connections(peakPerDay)} within 24 h (one every ${formatPeriod(86_400 / peakPerDay)}), too many for a beacon; ${formatCount(total)} in all over ${formatDuration(lastSeen - firstSeen)}`;
}

export function explainIneligible(n: number, intervals: number, s: Pick<BeaconSettings, 'minConnections' | 'minIntervals'>): string {
  return `${connections(n)}, ${formatCount(intervals)} non-zero gap${intervals === 1 ? '' : 's'} between them: too few to judge a rhythm (needs ${s.minConnections} connections and ${s.minIntervals} non-zero gaps)`;
}
