/** Arithmetic on range keys: numbers for IPv4, bigints for IPv6. */
export interface KeyOps<K> {
  compare(a: K, b: K): number;
  /** The key just before `k` (k - 1). */
  before(k: K): K;
  /** The key just after `k` (k + 1). */
  after(k: K): K;
}

/** An inclusive range of keys carrying a value (a table row, an AS index). */
export interface KeyRange<K> {
  start: K;
  end: K;
  value: number;
}

export const numberKeys: KeyOps<number> = {
  compare: (a, b) => a - b,
  before: (k) => k - 1,
  after: (k) => k + 1,
};

export const bigintKeys: KeyOps<bigint> = {
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  before: (k) => k - 1n,
  after: (k) => k + 1n,
};

/**
 * Possibly nested or overlapping ranges as sorted, disjoint segments. Where
 * ranges overlap, the one starting later wins, and of two with the same
 * start the shorter: for nested ranges that is the inner, more specific one
 * (192.0.0.9/32 inside 192.0.0.0/24), and for data that overlaps by mistake
 * (the AS data has one such pair) it is a rule that never depends on input
 * order. Adjacent segments with the same value merge. A range whose start is
 * after its end is the caller's bug: callers check their rows first.
 */
export function flattenRanges<K>(ranges: readonly KeyRange<K>[], ops: KeyOps<K>): KeyRange<K>[] {
  const sorted = isSorted(ranges, ops) ? ranges : [...ranges].sort((a, b) => ops.compare(a.start, b.start) || ops.compare(b.end, a.end));
  const out: KeyRange<K>[] = [];
  const emit = (start: K, end: K, value: number): void => {
    if (ops.compare(start, end) > 0) return;
    const last = out[out.length - 1];
    if (last && last.value === value && ops.compare(ops.after(last.end), start) === 0) last.end = end;
    else out.push({ start, end, value });
  };
  // Open ranges, innermost on top; their ends strictly decrease from bottom to top.
  const stack: KeyRange<K>[] = [];
  let cursor: K | null = null;
  for (const r of sorted) {
    let top = stack[stack.length - 1];
    while (top && ops.compare(top.end, r.start) < 0) {
      emit(cursor as K, top.end, top.value);
      cursor = ops.after(top.end);
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (top) emit(cursor as K, ops.before(r.start), top.value);
    // Ranges ending within r are hidden by it from here on.
    while (stack.length > 0 && ops.compare((stack[stack.length - 1] as KeyRange<K>).end, r.end) <= 0) stack.pop();
    stack.push(r);
    cursor = r.start;
  }
  for (let top = stack.pop(); top; top = stack.pop()) {
    emit(cursor as K, top.end, top.value);
    cursor = ops.after(top.end);
  }
  return out;
}

/** True when already in flattenRanges' order (the AS data is), so 400 000 rows skip a sort. */
function isSorted<K>(ranges: readonly KeyRange<K>[], ops: KeyOps<K>): boolean {
  for (let i = 1; i < ranges.length; i++) {
    const a = ranges[i - 1] as KeyRange<K>;
    const b = ranges[i] as KeyRange<K>;
    const byStart = ops.compare(a.start, b.start);
    if (byStart > 0 || (byStart === 0 && ops.compare(a.end, b.end) < 0)) return false;
  }
  return true;
}
