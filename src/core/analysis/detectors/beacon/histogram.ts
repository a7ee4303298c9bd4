import { coefficientOfVariation } from '../../stats/index.js';
import { round3 } from './round.js';
import type { BeaconSettings } from './settings.js';

/**
 * RITA v5's histogram and duration scores. The dataset's whole time span is
 * cut into equal bins (24 by default) and the unit's connections counted per
 * bin. A beacon fills the bins evenly (low coefficient of variation), or in
 * two steady levels (a bimodal fit: e.g. busier in working hours), and over
 * a long stretch of the span (coverage) or many bins in a row (consistency).
 */

export interface DatasetSpan {
  /** Seconds, the first connection of the whole dataset (case). */
  readonly start: number;
  /** Seconds, the last connection of the whole dataset. */
  readonly end: number;
}

export interface HistogramScores {
  /** Connections per bin. */
  readonly counts: number[];
  readonly binSeconds: number;
  readonly nonEmptyBins: number;
  /** Longest run of consecutive non-empty bins, wrapping from the last bin to the first. */
  readonly longestRun: number;
  /** 1 − CV of the bin counts, 0 past CV 1. */
  readonly cvScore: number;
  /** Share of non-empty bins in the two most common height buckets, 0 with too few bins. */
  readonly bimodalFit: number;
  /** max(cvScore, bimodalFit). */
  readonly hist: number;
  /** (last − first connection) / dataset span, rounded up to three decimals. */
  readonly coverage: number;
  /** longestRun / durationIdealRunBins, at most 1. */
  readonly consistency: number;
  /** max(coverage, consistency), 0 with fewer than durationMinBins non-empty bins. */
  readonly dur: number;
}

/** Counts per bin of timestamps (whole seconds, within the span). A timestamp on the span's end falls in the last bin. */
export function binCounts(timestamps: ArrayLike<number>, n: number, span: DatasetSpan, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = span.end - span.start;
  for (let i = 0; i < n; i++) {
    // Multiplying first keeps whole-second edges exact (3600 · 24 / 86400 is exactly 1).
    const bin = width > 0 ? Math.floor((((timestamps[i] as number) - span.start) * bins) / width) : 0;
    const at = bin < bins ? bin : bins - 1;
    counts[at] = (counts[at] as number) + 1;
  }
  return counts;
}

export function longestCircularRun(counts: readonly number[]): number {
  const bins = counts.length;
  let best = 0;
  let run = 0;
  for (let i = 0; i < 2 * bins && best < bins; i++) {
    if ((counts[i % bins] as number) > 0) best = Math.max(best, ++run);
    else run = 0;
  }
  return Math.min(best, bins);
}

/**
 * Heights of the non-empty bins, grouped in buckets ceil(tallest ·
 * sensitivity) wide: the two fullest buckets' share of the non-empty bins
 * (less `outlierRemoval` forgiven outliers), at most 1.
 */
export function bimodalFit(counts: readonly number[], s: Pick<BeaconSettings, 'bimodalSensitivity' | 'bimodalOutlierRemoval' | 'bimodalMinBins'>): number {
  let tallest = 0;
  let nonEmpty = 0;
  for (const c of counts) {
    if (c > 0) nonEmpty++;
    if (c > tallest) tallest = c;
  }
  if (nonEmpty < s.bimodalMinBins) return 0;
  const width = Math.ceil(tallest * s.bimodalSensitivity);
  const buckets = counts.filter((c) => c > 0).map((c) => Math.floor(c / width));
  buckets.sort((a, b) => a - b);
  let first = 0;
  let second = 0;
  for (let i = 0; i < buckets.length; ) {
    let j = i + 1;
    while (j < buckets.length && buckets[j] === buckets[i]) j++;
    const size = j - i;
    if (size > first) [first, second] = [size, first];
    else if (size > second) second = size;
    i = j;
  }
  return round3(Math.min(1, (first + second) / Math.max(nonEmpty - s.bimodalOutlierRemoval, 1)));
}

/**
 * The histogram and duration scores of one unit. `timestamps` holds `n`
 * whole seconds sorted ascending, all within the span.
 */
export function histogramScores(timestamps: ArrayLike<number>, n: number, span: DatasetSpan, s: BeaconSettings): HistogramScores {
  const counts = binCounts(timestamps, n, span, s.histogramBins);
  let nonEmptyBins = 0;
  for (const c of counts) if (c > 0) nonEmptyBins++;
  const cv = coefficientOfVariation(counts);
  const cvScore = cv <= 1 ? round3(1 - cv) : 0;
  const fit = bimodalFit(counts, s);
  const longestRun = longestCircularRun(counts);
  const width = span.end - span.start;
  const stretch = (timestamps[n - 1] as number) - (timestamps[0] as number);
  // Whole seconds times 1000 are exact, so an exact ratio is not nudged up by a rounding ulp.
  const coverage = width > 0 ? Math.min(1, Math.ceil((stretch * 1000) / width) / 1000) : 0;
  const consistency = Math.min(1, round3(longestRun / s.durationIdealRunBins));
  return {
    counts,
    binSeconds: width / s.histogramBins,
    nonEmptyBins,
    longestRun,
    cvScore,
    bimodalFit: fit,
    hist: Math.max(cvScore, fit),
    coverage,
    consistency,
    dur: nonEmptyBins >= s.durationMinBins ? Math.max(coverage, consistency) : 0,
  };
}
