import { describe, expect, it } from 'vitest';
import { longConnectionSettings, scoreLongConnection } from '../../src/core/analysis/detectors/long-connection/index.js';

const H = 3600;

describe('scoreLongConnection: RITA v5 steps of 1 h, 4 h, 8 h, 12 h', () => {
  it('grades total open time in steps', () => {
    const grade = (hours: number) => scoreLongConnection({ totalSeconds: hours * H, connections: 3, longestSeconds: hours * H }).severity;
    expect([0.5, 0.99, 1, 3.99, 4, 7.99, 8, 11.99, 12, 200].map(grade)).toEqual([null, null, 'info', 'info', 'low', 'low', 'medium', 'medium', 'high', 'high']);
  });

  it('scores on the shared scale: each step lands on its score threshold, linear between', () => {
    const score = (hours: number) => scoreLongConnection({ totalSeconds: hours * H, connections: 1, longestSeconds: hours * H }).score;
    expect(score(0)).toBe(0);
    expect(score(0.5)).toBeCloseTo(0.25, 12);
    expect(score(1)).toBeCloseTo(0.5, 12);
    expect(score(2.5)).toBeCloseTo(0.6, 12);
    expect(score(4)).toBeCloseTo(0.7, 12);
    expect(score(8)).toBeCloseTo(0.9, 12);
    expect(score(10)).toBeCloseTo(0.95, 12);
    expect(score(12)).toBe(1);
    expect(score(48)).toBe(1);
  });

  it('explains itself with its numbers', () => {
    expect(scoreLongConnection({ totalSeconds: 9.5 * H, connections: 3, longestSeconds: 6 * H }).explanation).toBe(
      'open 9.5 h in total over 3 connections (longest 6 h), long-connection score 0.93',
    );
    expect(scoreLongConnection({ totalSeconds: 2 * 86_400, connections: 1, longestSeconds: 2 * 86_400 }).explanation).toBe(
      'one connection open for 2 days, long-connection score 1.00',
    );
    expect(scoreLongConnection({ totalSeconds: 1500, connections: 12_000, longestSeconds: 20 }).explanation).toBe(
      'open 25 min in total over 12,000 connections (longest 20 s), long-connection score 0.20',
    );
  });

  it('takes other steps, and refuses steps out of order and impossible summaries', () => {
    const steps = { info: 600, low: 1200, medium: 1800, high: 2400 };
    expect(scoreLongConnection({ totalSeconds: 1800, connections: 2, longestSeconds: 900 }, { steps })).toMatchObject({ severity: 'medium' });
    expect(() => scoreLongConnection({ totalSeconds: 1, connections: 1, longestSeconds: 1 }, { steps: { ...steps, low: 100 } })).toThrow(/steps\.low is 100/);
    expect(() => scoreLongConnection({ totalSeconds: 1, connections: 1, longestSeconds: 1 }, { steps: { ...steps, info: 0, low: 0 } })).toThrow(/steps\.info is 0/);
    expect(() => scoreLongConnection({ totalSeconds: NaN, connections: 1, longestSeconds: 0 })).toThrow(/total duration NaN/);
    expect(() => scoreLongConnection({ totalSeconds: 10, connections: 0, longestSeconds: 0 })).toThrow(/connection count 0/);
    expect(() => scoreLongConnection({ totalSeconds: 10, connections: 2, longestSeconds: 11 })).toThrow(/longest connection 11 s is not within 0\.\.10 s/);
    expect(longConnectionSettings.steps).toEqual({ info: H, low: 4 * H, medium: 8 * H, high: 12 * H });
  });
});
