import { sortedCopy } from './order.js';
import { madSorted, mean } from './dispersion.js';
import { medianSorted } from './quantiles.js';

/**
 * Robust z-scores (Iglewicz and Hoaglin's modified z): how far a value lies
 * from a baseline's median in units of its spread, unmoved by the outliers
 * the baseline itself may hold.
 */

/** 0.6745 is the 0.75 quantile of the standard normal: MAD / 0.6745 estimates σ for normal data. */
export const MAD_TO_Z = 0.6745;
/** When MAD is 0 (over half the baseline identical), the mean absolute deviation times √(π/2) estimates σ instead. */
export const MEAN_AD_TO_SIGMA = Math.sqrt(Math.PI / 2);

export interface RobustBaseline {
  readonly count: number;
  readonly median: number;
  readonly mad: number;
  /** Mean absolute deviation from the median: the fallback spread when MAD is 0. */
  readonly meanAbsDev: number;
}

export function robustBaselineSorted(sorted: ArrayLike<number>): RobustBaseline {
  const center = medianSorted(sorted);
  const deviations = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) deviations[i] = Math.abs((sorted[i] as number) - center);
  return { count: sorted.length, median: center, mad: madSorted(sorted, center), meanAbsDev: mean(deviations) };
}

export function robustBaseline(values: ArrayLike<number>): RobustBaseline {
  return robustBaselineSorted(sortedCopy(values));
}

/**
 * 0.6745 · (x − median) / MAD. With MAD 0 it falls back to
 * (x − median) / (1.2533 · mean absolute deviation); with no spread at all a
 * value equal to the median is 0 and any other is ±Infinity (a constant
 * baseline makes every departure infinitely unusual: callers cap or rank).
 * An empty baseline gives NaN.
 */
export function robustZ(x: number, baseline: RobustBaseline): number {
  if (baseline.count === 0) return NaN;
  const d = x - baseline.median;
  if (baseline.mad > 0) return (MAD_TO_Z * d) / baseline.mad;
  if (baseline.meanAbsDev > 0) return d / (MEAN_AD_TO_SIGMA * baseline.meanAbsDev);
  return d === 0 ? 0 : d > 0 ? Infinity : -Infinity;
}
