import { describe, expect, it } from 'vitest';
import { barsOf, barsPath, binOf, durationTicks, formatDuration, linearTicks, logEdges, scaleLinear, scaleLog, timeTicks } from '../../src/shared/charts/index.js';

const H = 3_600_000;

describe('log edges and binning', () => {
  it('spaces edges evenly per factor of ten from a power of ten, covering the largest value', () => {
    const e = logEdges(3, 900, 2);
    expect(e[0]).toBe(1);
    expect(e.at(-1)).toBe(1000);
    expect(e.length).toBe(7);
    expect((e[1] as number) / (e[0] as number)).toBeCloseTo(Math.sqrt(10));
  });

  it('puts a value in the bin whose edges hold it, the last bin closed, outside values nowhere', () => {
    const e = [1, 10, 100, 1000];
    expect([1, 9.99, 10, 600, 1000].map((v) => binOf(e, v))).toEqual([0, 0, 1, 2, 2]);
    expect([0.5, 1001, Number.NaN].map((v) => binOf(e, v))).toEqual([-1, -1, -1]);
    expect(binOf([1], 1)).toBe(-1);
  });
});

describe('bars', () => {
  it('draws one bar per non-empty bin, to scale, at least a pixel tall', () => {
    const bars = barsOf([0, 10, 5, 0.01], { width: 40, height: 20 });
    expect(bars.map((b) => b.index)).toEqual([1, 2, 3]);
    expect(bars[0]).toMatchObject({ x: 10.5, width: 9, y: 0, height: 20, value: 10 });
    expect(bars[1]).toMatchObject({ y: 10, height: 10 });
    expect(bars[2]?.height).toBe(1);
    expect(barsOf([], { width: 10, height: 10 })).toEqual([]);
    expect(barsOf([0, 0], { width: 10, height: 10 })).toEqual([]);
  });

  it('leaves no gap between bars narrower than 4 units, and honours a given maximum', () => {
    const bars = barsOf([1, 2, 3], { width: 9, height: 10 }, { max: 6 });
    expect(bars.map((b) => [b.x, b.width])).toEqual([
      [0, 3],
      [3, 3],
      [6, 3],
    ]);
    expect(bars.map((b) => b.height)).toEqual([expect.closeTo(10 / 6), expect.closeTo(10 / 3), 5]);
  });

  it('writes all bars as one short path', () => {
    expect(barsPath(barsOf([1, 2], { width: 20, height: 10 }, { gap: 0 }))).toBe('M0 5h10v5h-10ZM10 0h10v10h-10Z');
  });

  it('scales linearly and logarithmically, the middle for a point domain', () => {
    expect(scaleLinear(5, 0, 10, 100)).toBe(50);
    expect(scaleLinear(3, 3, 3, 100)).toBe(50);
    expect(scaleLog(100, 1, 10_000, 100)).toBe(50);
  });
});

describe('ticks', () => {
  it('gives round linear ticks inside the range', () => {
    expect(linearTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearTicks(0, 812, 4)).toEqual([0, 500]);
    expect(linearTicks(0.5, 0.9, 4)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(linearTicks(3, 3)).toEqual([3]);
  });

  it('labels a week with UTC dates and a few hours with UTC times', () => {
    const from = Date.parse('2026-11-16T09:00:00Z');
    expect(timeTicks(from, from + 7 * 24 * H, 4).map((t) => t.label)).toEqual(['2026-11-17', '2026-11-19', '2026-11-21', '2026-11-23']);
    expect(timeTicks(from, from + 3 * H, 3).map((t) => t.label)).toEqual(['09:00', '10:00', '11:00', '12:00']);
    for (const t of timeTicks(from, from + 3 * H, 3)) expect(t.ms % H).toBe(0);
  });

  it('steps by months and years over long spans', () => {
    const from = Date.parse('2025-02-10T00:00:00Z');
    expect(timeTicks(from, Date.parse('2026-02-10T00:00:00Z'), 4).map((t) => t.label)).toEqual(['2025-07', '2026-01']);
    expect(timeTicks(from, Date.parse('2035-01-01T00:00:00Z'), 4).map((t) => t.label)).toEqual(['2030', '2035']);
  });

  it('puts duration ticks on units people read, inside the axis', () => {
    expect(durationTicks(1, 1000).map((t) => t.label)).toEqual(['1 s', '10 s', '1 min', '10 min']);
    expect(durationTicks(100, 100_000).map((t) => t.seconds)).toEqual([600, 3600, 21_600, 86_400]);
  });

  it('names durations in the largest readable unit', () => {
    expect([45, 600, 5400, 172_800].map(formatDuration)).toEqual(['45 s', '10 min', '1.5 h', '2.0 days']);
  });
});
