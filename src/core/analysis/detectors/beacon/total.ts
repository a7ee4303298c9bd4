import { round3 } from './round.js';
import type { BeaconSettings } from './settings.js';

export interface BeaconSubscores {
  readonly ts: number;
  /** null: no byte counts, left out of the total and its weight spread over the others. */
  readonly ds: number | null;
  readonly dur: number;
  readonly hist: number;
}

/** The beacon score: the weighted sub-scores, rounded to three decimals as RITA does. */
export function weightedTotal(sub: BeaconSubscores, weights: BeaconSettings['weights']): number {
  const timing = weights.ts * sub.ts + weights.dur * sub.dur + weights.hist * sub.hist;
  if (sub.ds !== null) return round3(timing + weights.ds * sub.ds);
  const rest = 1 - weights.ds;
  return rest > 0 ? round3(timing / rest) : 0;
}
