import { checkSeverityThresholds, scoreSeverityThresholds, type SeverityThresholds } from '../severity.js';

/**
 * The beacon detector's parameters. The defaults are RITA v5's
 * (default_config.hjson), so scores agree with RITA on the same data; the
 * one Sightline addition is `bytesUnknown`.
 */
export interface BeaconSettings {
  /** Fewer connections than this are not judged (RITA's unique_connection_threshold). */
  readonly minConnections: number;
  /** Fewer non-zero gaps between connections than this are not judged: no rhythm to measure. */
  readonly minIntervals: number;
  /** Weights of the four sub-scores in the total; each in [0, 1], summing to 1. */
  readonly weights: Readonly<{ ts: number; ds: number; dur: number; hist: number }>;
  /**
   * Sysmon network events carry no byte counts. 'reweight' leaves the
   * data-size score out and spreads its weight over the other three, so a
   * Sysmon-only beacon can still reach 1; 'zero' scores it 0 as RITA would
   * (RITA always has bytes from Zeek).
   */
  readonly bytesUnknown: 'reweight' | 'zero';
  /** Bins the dataset's time span is cut into for the histogram and duration scores (RITA: 24, an hour of a day). */
  readonly histogramBins: number;
  /** Bin heights are grouped into buckets this share of the tallest bin wide for the bimodal fit. */
  readonly bimodalSensitivity: number;
  /** Non-empty bins forgiven as outliers in the bimodal fit. */
  readonly bimodalOutlierRemoval: number;
  /** The bimodal fit counts only with at least this many non-empty bins (at least 3: one or two bars are trivially "bimodal"). */
  readonly bimodalMinBins: number;
  /** The duration score counts only with at least this many non-empty bins. */
  readonly durationMinBins: number;
  /** A run of this many consecutive non-empty bins is a fully consistent beacon. */
  readonly durationIdealRunBins: number;
  /** This many connections within 24 hours make a strobe: too many to be a beacon, always high. */
  readonly strobePerDay: number;
  /** Severity of the beacon score. */
  readonly severity: SeverityThresholds;
}

export const beaconSettings: BeaconSettings = {
  minConnections: 4,
  minIntervals: 3,
  weights: { ts: 0.25, ds: 0.25, dur: 0.25, hist: 0.25 },
  bytesUnknown: 'reweight',
  histogramBins: 24,
  bimodalSensitivity: 0.05,
  bimodalOutlierRemoval: 1,
  bimodalMinBins: 11,
  durationMinBins: 6,
  durationIdealRunBins: 12,
  strobePerDay: 86_400,
  severity: scoreSeverityThresholds,
};

function wholeAtLeast(value: number, least: number, name: string): void {
  if (!Number.isInteger(value) || value < least) throw new RangeError(`beacon setting ${name} is ${String(value)}: it must be a whole number >= ${least}`);
}

/** Throws a RangeError naming the first setting out of range (checked once per scorer, not per unit). */
export function checkBeaconSettings(s: BeaconSettings): void {
  wholeAtLeast(s.minConnections, 2, 'minConnections');
  wholeAtLeast(s.minIntervals, 1, 'minIntervals');
  wholeAtLeast(s.histogramBins, 1, 'histogramBins');
  wholeAtLeast(s.bimodalOutlierRemoval, 0, 'bimodalOutlierRemoval');
  wholeAtLeast(s.bimodalMinBins, 3, 'bimodalMinBins');
  wholeAtLeast(s.durationMinBins, 1, 'durationMinBins');
  wholeAtLeast(s.durationIdealRunBins, 1, 'durationIdealRunBins');
  wholeAtLeast(s.strobePerDay, 1, 'strobePerDay');
  if (s.bimodalOutlierRemoval >= s.bimodalMinBins) throw new RangeError('beacon setting bimodalOutlierRemoval must be below bimodalMinBins');
  if (!(s.bimodalSensitivity > 0 && s.bimodalSensitivity <= 1)) throw new RangeError(`beacon setting bimodalSensitivity is ${String(s.bimodalSensitivity)}: it must be in (0, 1]`);
  if (s.bytesUnknown !== 'reweight' && s.bytesUnknown !== 'zero') throw new RangeError(`beacon setting bytesUnknown is ${String(s.bytesUnknown)}: 'reweight' or 'zero'`);
  let sum = 0;
  for (const [name, w] of Object.entries(s.weights)) {
    if (!(w >= 0 && w <= 1)) throw new RangeError(`beacon weight ${name} is ${String(w)}: it must be in [0, 1]`);
    sum += w;
  }
  if (Math.abs(sum - 1) > 1e-9) throw new RangeError(`beacon weights sum to ${sum}: they must sum to 1`);
  checkSeverityThresholds(s.severity, 'beacon severity');
}
