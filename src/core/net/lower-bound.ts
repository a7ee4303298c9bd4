/** First index of the ascending array `a` whose value is >= n (a.length when none): binary search over sorted addresses. */
export function lowerBound(a: Uint32Array, n: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
