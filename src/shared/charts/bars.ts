/** Bars and paths for small charts, in SVG user units. Pure: the same geometry draws in React and in Node-made SVG. */

export interface Box {
  width: number;
  height: number;
}

export interface Bar {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

/**
 * One bar per value, side by side across the box's width, heights to scale
 * from 0 to `max` (the largest value by default), a gap between bars only
 * when they are wide enough to keep it; empty bins make no bar. A non-zero
 * value is at least `minHeight` tall so a single connection stays visible.
 */
export function barsOf(values: ArrayLike<number>, box: Box, options: { max?: number; gap?: number; minHeight?: number } = {}): Bar[] {
  const n = values.length;
  if (n === 0) return [];
  let max = options.max ?? 0;
  if (options.max === undefined) for (let i = 0; i < n; i++) max = Math.max(max, values[i] as number);
  const slot = box.width / n;
  const gap = slot >= 4 ? Math.min(options.gap ?? 1, slot / 4) : 0;
  const minHeight = options.minHeight ?? 1;
  const bars: Bar[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!(v > 0) || !(max > 0)) continue;
    const h = Math.min(box.height, Math.max(minHeight, (v / max) * box.height));
    bars.push({ index: i, x: i * slot + gap / 2, y: box.height - h, width: slot - gap, height: h, value: v });
  }
  return bars;
}

/** All bars as one SVG path (`M x y h w v h h -w Z` each): one element for hundreds of bins. */
export function barsPath(bars: readonly Bar[]): string {
  return bars.map((b) => `M${r(b.x)} ${r(b.y)}h${r(b.width)}v${r(b.height)}h${r(-b.width)}Z`).join('');
}

/** Position of `v` on [min, max] mapped to [0, length]; the middle when the domain is a point. */
export function scaleLinear(v: number, min: number, max: number, length: number): number {
  return max === min ? length / 2 : ((v - min) / (max - min)) * length;
}

/** Position of `v` (> 0) on a log scale over [min, max]. */
export function scaleLog(v: number, min: number, max: number, length: number): number {
  return scaleLinear(Math.log10(v), Math.log10(min), Math.log10(max), length);
}

/** SVG numbers with at most two decimals: short paths, the same text in every runtime. */
function r(n: number): string {
  return String(Math.round(n * 100) / 100);
}
