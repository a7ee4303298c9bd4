/**
 * The most connections within any `window` seconds, over timestamps sorted
 * ascending: two pointers, O(n). A sliding window rather than calendar days,
 * so a strobe that straddles midnight is not split in two.
 */
export function peakWithinWindow(sorted: ArrayLike<number>, n: number, window: number): number {
  let peak = 0;
  let from = 0;
  for (let to = 0; to < n; to++) {
    while ((sorted[to] as number) - (sorted[from] as number) >= window) from++;
    if (to - from + 1 > peak) peak = to - from + 1;
  }
  return peak;
}
