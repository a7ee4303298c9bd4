import { describe, expect, it } from 'vitest';
import { baselineSettings, chooseBaseline, type CaseTimeline } from '../../src/core/analysis/baseline.js';

const H = 3_600_000;
const DAY = 24 * H;
const MONDAY = Date.UTC(2026, 10, 16);

/** A timeline over sorted connection times. */
function timeline(times: number[]): CaseTimeline {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    start: sorted[0] as number,
    end: sorted[sorted.length - 1] as number,
    connections: sorted.length,
    countBefore: (t) => sorted.filter((x) => x < t).length,
    timeOfNth: (n) => sorted[n - 1] as number,
  };
}

/** n connections evenly over [from, to]. */
const even = (from: number, to: number, n: number) => Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));

describe('chooseBaseline', () => {
  it('gives a week of logs its first two days, ending on a midnight', () => {
    const w = chooseBaseline(timeline(even(MONDAY + 7 * H, MONDAY + 7 * DAY - 60_000, 5000)));
    expect(new Date(w.baselineEnd).toISOString()).toBe('2026-11-18T00:00:00.000Z');
    expect(w.start).toBe(MONDAY + 7 * H);
  });

  it('gives a two-hour capture its first quarter, not aligned to a day', () => {
    const start = MONDAY + 13 * H + 17 * 60_000;
    const w = chooseBaseline(timeline(even(start, start + 2 * H, 2000)));
    expect(w.baselineEnd - w.start).toBe(30 * 60_000);
  });

  it('moves the end later until the baseline holds minConnections, but not past maxFraction of the span', () => {
    // 10 connections in the first hour, 1000 in the last: a quarter of the span holds only 10.
    const start = MONDAY;
    const times = [...even(start, start + H, 10), ...even(start + 3 * H, start + 4 * H, 1000)];
    const w = chooseBaseline(timeline(times), { ...baselineSettings, minConnections: 20 });
    expect(w.baselineEnd).toBe(start + 2 * H); // the 20th connection is in the last hour: stopped at half the span
    const w2 = chooseBaseline(timeline(times), { ...baselineSettings, minConnections: 20, maxFraction: 1 });
    const twentieth = [...times].sort((a, b) => a - b)[19] as number;
    expect(w2.baselineEnd).toBe(Math.round(twentieth + 1));
    expect(timeline(times).countBefore(w2.baselineEnd, Infinity)).toBe(20);
  });

  it('does not ask for more connections than the case has, and handles a one-instant case', () => {
    const w = chooseBaseline(timeline(even(MONDAY, MONDAY + H, 5)));
    expect(w.baselineEnd).toBeLessThanOrEqual(MONDAY + H / 2);
    expect(chooseBaseline(timeline([MONDAY, MONDAY]))).toEqual({ start: MONDAY, end: MONDAY, baselineEnd: MONDAY });
  });

  it('keeps a day-aligned end inside the span and takes other fractions', () => {
    const start = MONDAY + 20 * H;
    const w = chooseBaseline(timeline(even(start, start + 2 * DAY, 1000)), { ...baselineSettings, fraction: 0.01, minConnections: 0 });
    expect(new Date(w.baselineEnd).toISOString()).toBe('2026-11-17T00:00:00.000Z'); // the first midnight after the start
    const none = chooseBaseline(timeline(even(start, start + 2 * DAY, 1000)), { ...baselineSettings, fraction: 0, minConnections: 0 });
    expect(none.baselineEnd).toBe(start);
  });

  it('refuses settings out of range, naming them', () => {
    const t = timeline(even(MONDAY, MONDAY + H, 10));
    expect(() => chooseBaseline(t, { ...baselineSettings, fraction: 1.5 })).toThrow(/baseline fraction is 1.5/);
    expect(() => chooseBaseline(t, { ...baselineSettings, maxFraction: 0.1 })).toThrow(/maxFraction is 0.1/);
    expect(() => chooseBaseline(t, { ...baselineSettings, minConnections: -1 })).toThrow(/minConnections is -1/);
    expect(() => chooseBaseline({ ...t, end: t.start - 1 })).toThrow(/not a range of times/);
  });
});
