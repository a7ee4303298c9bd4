import { bowleySkew, madSorted, quartilesSorted } from '../../stats/index.js';
import { round3 } from './round.js';

/**
 * How steady a series is (the gaps between connections, or their sizes):
 * RITA v5's timestamp and data-size statistic. A beacon's gaps are nearly
 * all the same, so its quartiles are symmetric (Bowley skew near 0) and its
 * median absolute deviation is small next to its median.
 */
export interface Regularity {
  /** round3((skewScore + madScore) / 2), in [0, 1]. */
  readonly score: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly mad: number;
  /** Bowley skew, 0 under RITA's IQR rule. */
  readonly skew: number;
  readonly skewScore: number;
  readonly madScore: number;
}

/**
 * Over values sorted ascending. `defaultMadScore` is the MAD score when the
 * median is below 1, where MAD / median means nothing: RITA takes 1 for
 * gaps (all under a second: as regular as it gets) and 0 for sizes (empty
 * connections say nothing about a payload).
 */
export function regularitySorted(sorted: ArrayLike<number>, defaultMadScore: number): Regularity {
  const q = quartilesSorted(sorted);
  const skew = bowleySkew(q);
  const mad = madSorted(sorted, q.q2);
  const skewScore = 1 - Math.abs(skew);
  const rawMadScore = q.q2 >= 1 ? (q.q2 - mad) / q.q2 : defaultMadScore;
  const madScore = rawMadScore > 0 ? rawMadScore : 0;
  return { score: round3((skewScore + madScore) / 2), q1: q.q1, median: q.q2, q3: q.q3, mad, skew, skewScore, madScore };
}

export interface ValueCount {
  readonly value: number;
  readonly count: number;
}

/**
 * The `k` most frequent values of a sorted array, most frequent first (ties:
 * the smaller value first, as RITA picks its mode). One pass over the runs,
 * keeping the leaders in two small parallel arrays (no objects until the end).
 */
export function topValuesSorted(sorted: ArrayLike<number>, k: number): ValueCount[] {
  const values: number[] = [];
  const counts: number[] = [];
  let i = 0;
  while (i < sorted.length) {
    const value = sorted[i] as number;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === value) j++;
    const count = j - i;
    i = j;
    const kept = counts.length;
    if (kept === k && count <= (counts[k - 1] as number)) continue;
    let at = kept < k ? kept : k - 1;
    while (at > 0 && (counts[at - 1] as number) < count) {
      counts[at] = counts[at - 1] as number;
      values[at] = values[at - 1] as number;
      at--;
    }
    counts[at] = count;
    values[at] = value;
  }
  return counts.map((count, at) => ({ value: values[at] as number, count }));
}
