/**
 * Sorting and checking numeric inputs. Every statistic here reads numbers
 * through ArrayLike<number> (plain arrays and typed arrays alike) and never
 * writes to what it was given: the functions named *Sorted read an array
 * the caller already sorted ascending, the others sort a copy first.
 */

/** A sorted Float64Array copy of `values` (typed-array sort: numeric, no comparator calls). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const copy = Float64Array.from(values);
  assertFinite(copy);
  return copy.sort();
}

/** Whether `values` is ascending (ties allowed): one pass, so callers with sorted data skip the sort. */
export function isSortedAscending(values: ArrayLike<number>, length = values.length): boolean {
  for (let i = 1; i < length; i++) {
    if ((values[i] as number) < (values[i - 1] as number)) return false;
  }
  return true;
}

/**
 * Throws a RangeError naming the first value that is not a finite number:
 * NaN sorts unpredictably and Infinity has no median, so a statistic over
 * them would be silently wrong.
 */
export function assertFinite(values: ArrayLike<number>, what = 'value'): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new RangeError(`${what} at index ${i} is ${String(v)}, not a finite number`);
  }
}
