import { bigintKeys, flattenRanges, numberKeys, type KeyRange } from './flatten-ranges.js';

/**
 * Address ranges as sorted, disjoint segments in typed arrays, each carrying
 * a value (an AS index, a row of the special-ranges table): a lookup is a
 * binary search without allocation, and 400 000 rows cost three arrays
 * instead of 400 000 objects. IPv6 keys are four 32-bit words, most
 * significant first, so a segment's key sits at `4 * i`.
 */
export interface Ipv4Table {
  starts: Uint32Array;
  ends: Uint32Array;
  values: Uint32Array;
}

export interface Ipv6Table {
  starts: Uint32Array;
  ends: Uint32Array;
  values: Uint32Array;
}

/** The value of the segment holding `ip` (an unsigned 32-bit integer), or -1. */
export function findIpv4(table: Ipv4Table, ip: number): number {
  const { starts } = table;
  let left = 0;
  let right = starts.length - 1;
  while (left <= right) {
    const mid = (left + right) >>> 1;
    if ((starts[mid] as number) > ip) right = mid - 1;
    else left = mid + 1;
  }
  // right is now the last segment starting at or before ip.
  return right >= 0 && (table.ends[right] as number) >= ip ? (table.values[right] as number) : -1;
}

/** The value of the segment holding the address `words` (four 32-bit words, see ipv6Words), or -1. */
export function findIpv6(table: Ipv6Table, words: Uint32Array): number {
  let left = 0;
  let right = table.values.length - 1;
  while (left <= right) {
    const mid = (left + right) >>> 1;
    if (compareWords(table.starts, mid * 4, words) > 0) right = mid - 1;
    else left = mid + 1;
  }
  return right >= 0 && compareWords(table.ends, right * 4, words) >= 0 ? (table.values[right] as number) : -1;
}

/** Sign of (the key at `keys[at..at+3]`) minus `words`. */
function compareWords(keys: Uint32Array, at: number, words: Uint32Array): number {
  for (let i = 0; i < 4; i++) {
    const d = (keys[at + i] as number) - (words[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

export function buildIpv4Table(ranges: readonly KeyRange<number>[]): Ipv4Table {
  const segments = flattenRanges(ranges, numberKeys);
  const table = { starts: new Uint32Array(segments.length), ends: new Uint32Array(segments.length), values: new Uint32Array(segments.length) };
  segments.forEach((s, i) => {
    table.starts[i] = s.start;
    table.ends[i] = s.end;
    table.values[i] = s.value;
  });
  return table;
}

export function buildIpv6Table(ranges: readonly KeyRange<bigint>[]): Ipv6Table {
  const segments = flattenRanges(ranges, bigintKeys);
  const table = { starts: new Uint32Array(segments.length * 4), ends: new Uint32Array(segments.length * 4), values: new Uint32Array(segments.length) };
  segments.forEach((s, i) => {
    putWords(table.starts, i * 4, s.start);
    putWords(table.ends, i * 4, s.end);
    table.values[i] = s.value;
  });
  return table;
}

/** An IPv6 address's eight 16-bit groups (ipaddr.js `parts`) as four 32-bit words. */
export function ipv6Words(parts: readonly number[], into: Uint32Array = new Uint32Array(4)): Uint32Array {
  for (let i = 0; i < 4; i++) into[i] = (parts[i * 2] as number) * 0x10000 + (parts[i * 2 + 1] as number);
  return into;
}

/** The eight 16-bit groups as one 128-bit number, for building tables. */
export function ipv6BigInt(parts: readonly number[]): bigint {
  let n = 0n;
  for (const p of parts) n = (n << 16n) | BigInt(p);
  return n;
}

function putWords(into: Uint32Array, at: number, n: bigint): void {
  into[at] = Number((n >> 96n) & 0xffffffffn);
  into[at + 1] = Number((n >> 64n) & 0xffffffffn);
  into[at + 2] = Number((n >> 32n) & 0xffffffffn);
  into[at + 3] = Number(n & 0xffffffffn);
}
