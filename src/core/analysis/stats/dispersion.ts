import { sortedCopy } from './order.js';
import { medianSorted, quartilesSorted, type Quartiles } from './quantiles.js';
import { statsSettings } from './settings.js';

/**
 * Spread and shape: median absolute deviation, Bowley (quartile) skew, mean,
 * population standard deviation and coefficient of variation. Empty input
 * gives NaN.
 */

/**
 * median(|x - median|) of a sorted array in O(n) without sorting again: the
 * deviations left of the median, read right to left, and those right of it,
 * read left to right, are two ascending runs, so merging them up to the
 * middle finds the median deviation.
 */
export function madSorted(sorted: ArrayLike<number>, center = medianSorted(sorted)): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  // First index at or above the center: left run is [0, split), right run is [split, n).
  let split = 0;
  let hi = n;
  while (split < hi) {
    const mid = (split + hi) >> 1;
    if ((sorted[mid] as number) < center) split = mid + 1;
    else hi = mid;
  }
  let left = split - 1;
  let right = split;
  const take = (): number => {
    const l = left >= 0 ? center - (sorted[left] as number) : Infinity;
    const r = right < n ? (sorted[right] as number) - center : Infinity;
    if (l <= r) {
      left--;
      return l;
    }
    right++;
    return r;
  };
  const target = (n - 1) >> 1;
  for (let i = 0; i < target; i++) take();
  const lower = take();
  return n % 2 === 1 ? lower : (lower + take()) / 2;
}

export function mad(values: ArrayLike<number>): number {
  return madSorted(sortedCopy(values));
}

/**
 * Bowley's quartile skew, (Q1 + Q3 - 2·Q2) / (Q3 - Q1), in [-1, 1]. Taken
 * as 0 when it says nothing reliable: the quartiles closer than `minIqr`
 * (RITA v5's rule), or the median equal to one of them (one side of the
 * distribution empty, the ratio pinned at ±1 by ties). minIqr 0 keeps only
 * the tie rule and the empty case.
 */
export function bowleySkew(q: Quartiles, minIqr = statsSettings.bowleyMinIqr): number {
  const iqr = q.q3 - q.q1;
  if (!(iqr >= minIqr) || iqr === 0 || q.q2 === q.q1 || q.q2 === q.q3) return 0;
  return (q.q1 + q.q3 - 2 * q.q2) / iqr;
}

export function bowleySkewSorted(sorted: ArrayLike<number>, minIqr = statsSettings.bowleyMinIqr): number {
  return bowleySkew(quartilesSorted(sorted), minIqr);
}

export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  return sum / n;
}

/** Population standard deviation (divides by n), two passes so large offsets do not cancel. */
export function populationStdDev(values: ArrayLike<number>, center = mean(values)): number {
  const n = values.length;
  if (n === 0) return NaN;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - center;
    squares += d * d;
  }
  return Math.sqrt(squares / n);
}

/** Population standard deviation over |mean|; NaN when the mean is 0 (no scale to compare with). */
export function coefficientOfVariation(values: ArrayLike<number>): number {
  const m = mean(values);
  if (m === 0 || Number.isNaN(m)) return NaN;
  return populationStdDev(values, m) / Math.abs(m);
}
