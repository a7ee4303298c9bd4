/**
 * The beacon detector's pure scoring: RITA v5's beacon score (timestamp,
 * data-size, histogram and duration sub-scores, weighted) for one unit's
 * connection times and sizes, strobes as a verdict of their own, and the
 * evidence and sentence that explain the score. No database: the analysis
 * reads each unit's times in (unit, time) order and hands them over, one
 * unit at a time (createBeaconScorer) or row by row (createBeaconStream).
 */
export { beaconSettings, checkBeaconSettings, type BeaconSettings } from './settings.js';
export { createBeaconScorer, scoreBeacon, type BeaconScorer } from './score.js';
export { createBeaconStream, type BeaconStream } from './stream.js';
export type { DatasetSpan } from './histogram.js';
export type { BeaconSubscores } from './total.js';
export type { ValueCount } from './regularity.js';
export type { BeaconEvidence, BeaconIneligible, BeaconScored, BeaconStrobe, BeaconVerdict } from './verdict.js';
