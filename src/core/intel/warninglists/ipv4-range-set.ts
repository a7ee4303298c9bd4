import { intToIpv4 } from '../../net/index.js';

/**
 * One list's IPv4 space as sorted, merged, non-overlapping [start, end]
 * ranges of 32-bit integers: a lookup is a binary search, and 60 000 /32s
 * of public resolvers cost two typed arrays instead of 60 000 objects.
 */
export interface Ipv4RangeSet {
  starts: Uint32Array;
  ends: Uint32Array;
}

/**
 * A CIDR-aligned network packed in one number, `lo * 64 + hostBits`, so a
 * list's networks sort as a Float64Array without a comparator: sorting
 * 125 000 [lo, hi] pairs with one took most of the index build.
 */
export function packIpv4Network(lo: number, hi: number): number {
  return lo * 64 + Math.round(Math.log2(hi - lo + 1));
}

export function buildIpv4RangeSet(packed: Float64Array): Ipv4RangeSet {
  packed.sort();
  const starts = new Uint32Array(packed.length);
  const ends = new Uint32Array(packed.length);
  let n = 0;
  for (const p of packed) {
    const lo = Math.floor(p / 64);
    const hi = lo + 2 ** (p % 64) - 1;
    // Adjacent ranges merge too (hi + 1): they match the same addresses.
    if (n > 0 && lo <= (ends[n - 1] as number) + 1) {
      if (hi > (ends[n - 1] as number)) ends[n - 1] = hi;
    } else {
      starts[n] = lo;
      ends[n++] = hi;
    }
  }
  return { starts: starts.slice(0, n), ends: ends.slice(0, n) };
}

/** The index of the merged range holding [lo, hi] entirely, or -1. */
export function findIpv4Range(set: Ipv4RangeSet, lo: number, hi: number = lo): number {
  let left = 0;
  let right = set.starts.length - 1;
  while (left <= right) {
    const mid = (left + right) >>> 1;
    if ((set.starts[mid] as number) > lo) right = mid - 1;
    else left = mid + 1;
  }
  // right is now the last range starting at or before lo.
  return right >= 0 && (set.ends[right] as number) >= hi ? right : -1;
}

export function describeIpv4Range(set: Ipv4RangeSet, index: number): { text: string; bits: number } {
  const lo = set.starts[index] as number;
  const hi = set.ends[index] as number;
  const text = lo === hi ? intToIpv4(lo) : `${intToIpv4(lo)}-${intToIpv4(hi)}`;
  // A merged range is not always a CIDR; its size in bits still ranks specificity.
  return { text, bits: 32 - Math.log2(hi - lo + 1) };
}
