import { describe, expect, it } from 'vitest';
import { bigintKeys, flattenRanges, numberKeys, type KeyRange } from '../../src/core/analysis/enrich/flatten-ranges.js';
import { buildIpv4Table, buildIpv6Table, findIpv4, findIpv6, ipv6Words } from '../../src/core/analysis/enrich/range-table.js';
import { mulberry32, randInt } from '../helpers/prng.js';

/*
 * flattenRanges and the tables built on it, against a brute-force oracle on
 * a small key space: for every key, the winner is the containing range that
 * starts last, then the shortest, then the last given.
 */
const SPACE = 64;
const keys = Array.from({ length: SPACE }, (_, k) => k);

function oracle(ranges: readonly KeyRange<number>[], key: number): number {
  let best = -1;
  ranges.forEach((r, i) => {
    if (r.start > key || r.end < key) return;
    const b = ranges[best];
    if (!b || r.start > b.start || (r.start === b.start && r.end <= b.end)) best = i;
  });
  return best === -1 ? -1 : (ranges[best] as KeyRange<number>).value;
}

function randomRanges(rand: () => number): KeyRange<number>[] {
  return Array.from({ length: randInt(rand, 0, 12) }, () => {
    const start = randInt(rand, 0, SPACE - 1);
    return { start, end: randInt(rand, start, Math.min(SPACE - 1, start + randInt(rand, 0, 40))), value: randInt(rand, 0, 4) };
  });
}

describe('flattenRanges', () => {
  it('gives every key the value of the range that starts last, then the shortest, on 5000 random sets', () => {
    const rand = mulberry32(7);
    for (let run = 0; run < 5000; run++) {
      const ranges = randomRanges(rand);
      const segments = flattenRanges(ranges, numberKeys);
      const table = buildIpv4Table(ranges);
      // Checked without expect() per key: 320 000 calls of it would be most of the run.
      const wrong = keys.filter((key) => findIpv4(table, key) !== oracle(ranges, key));
      if (wrong.length > 0) expect({ ranges, wrong }).toEqual({ ranges, wrong: [] });
      // Sorted, disjoint, and adjacent segments with one value merged.
      const bad = segments.slice(1).filter((b, i) => {
        const a = segments[i] as KeyRange<number>;
        return !(a.start <= a.end && a.end < b.start) || (a.end + 1 === b.start && a.value === b.value);
      });
      if (bad.length > 0) expect({ segments, bad }).toEqual({ segments, bad: [] });
    }
  });

  it('does the same with bigint keys, and the IPv6 table finds what the IPv4 one finds', () => {
    const rand = mulberry32(8);
    const words = (k: number) => ipv6Words([0, 0, 0, 0, 0, 0, k >>> 16, k & 0xffff]);
    for (let run = 0; run < 1000; run++) {
      const ranges = randomRanges(rand);
      const big = ranges.map((r) => ({ start: BigInt(r.start), end: BigInt(r.end), value: r.value }));
      expect(flattenRanges(big, bigintKeys).map((s) => [Number(s.start), Number(s.end), s.value])).toEqual(
        flattenRanges(ranges, numberKeys).map((s) => [s.start, s.end, s.value]),
      );
      const table = buildIpv6Table(big);
      expect(keys.map((key) => findIpv6(table, words(key)))).toEqual(keys.map((key) => oracle(ranges, key)));
    }
  });

  it('reaches the ends of the IPv4 and IPv6 spaces', () => {
    const v4 = buildIpv4Table([{ start: 0, end: 0xffffffff, value: 1 }, { start: 0xffffffff, end: 0xffffffff, value: 2 }, { start: 0, end: 0, value: 3 }]);
    expect([findIpv4(v4, 0), findIpv4(v4, 1), findIpv4(v4, 0xfffffffe), findIpv4(v4, 0xffffffff)]).toEqual([3, 1, 1, 2]);
    const max = (1n << 128n) - 1n;
    const v6 = buildIpv6Table([{ start: 0n, end: max, value: 1 }, { start: max, end: max, value: 2 }]);
    const all = 0xffff;
    expect(findIpv6(v6, ipv6Words([all, all, all, all, all, all, all, all]))).toBe(2);
    expect(findIpv6(v6, ipv6Words([all, all, all, all, all, all, all, all - 1]))).toBe(1);
    expect(findIpv6(v6, ipv6Words([0, 0, 0, 0, 0, 0, 0, 0]))).toBe(1);
  });
});
