import { sortedCopy } from './order.js';

/**
 * Medians, quartiles and percentiles. Empty input gives NaN (there is no
 * middle of nothing); callers that need a number check the length first.
 */

export interface Quartiles {
  readonly q1: number;
  readonly q2: number;
  readonly q3: number;
}

/** The median of sorted[from, to): the middle value, or the mean of the two middle ones. */
export function medianOfRange(sorted: ArrayLike<number>, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return NaN;
  const mid = from + (n >> 1);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function medianSorted(sorted: ArrayLike<number>): number {
  return medianOfRange(sorted, 0, sorted.length);
}

export function median(values: ArrayLike<number>): number {
  return medianSorted(sortedCopy(values));
}

/**
 * Quartiles by the "median of halves" method (Tukey's hinges as RITA v5
 * computes them): Q2 is the median; Q1 and Q3 are the medians of the lower
 * and upper halves, leaving out the middle element when the count is odd.
 * One value is its own three quartiles.
 */
export function quartilesSorted(sorted: ArrayLike<number>): Quartiles {
  const n = sorted.length;
  if (n === 0) return { q1: NaN, q2: NaN, q3: NaN };
  if (n === 1) {
    const only = sorted[0] as number;
    return { q1: only, q2: only, q3: only };
  }
  const half = n >> 1;
  return {
    q1: medianOfRange(sorted, 0, half),
    q2: medianOfRange(sorted, 0, n),
    q3: medianOfRange(sorted, n - half, n),
  };
}

export function quartiles(values: ArrayLike<number>): Quartiles {
  return quartilesSorted(sortedCopy(values));
}

/**
 * The p-th percentile (p from 0 to 100) by linear interpolation between the
 * two nearest ranks (Hyndman and Fan's type 7, numpy's default): the same
 * definition as SQLite's percentile(), so a figure computed in SQL and one
 * computed here agree.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${String(p)} is outside 0..100`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = ((n - 1) * p) / 100;
  const lo = Math.floor(rank);
  const low = sorted[lo] as number;
  if (lo === n - 1) return low;
  const high = sorted[lo + 1] as number;
  // SQLite's formula; the clamp keeps a rounding ulp from stepping past the upper neighbour.
  return Math.min(high, low + (high - low) * (rank - lo));
}

export function percentile(values: ArrayLike<number>, p: number): number {
  return percentileSorted(sortedCopy(values), p);
}
