import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDay, formatDuration, formatPercent, formatPeriod, formatScore, formatTimeUtc } from '../../src/core/analysis/detectors/explain-format.js';
import { gradeSeverity, scoreFromSteps, scoreSeverityThresholds } from '../../src/core/analysis/detectors/severity.js';

describe('explanation numbers', () => {
  it('counts group thousands, whatever the locale', () => {
    expect([0, 7, 999, 1000, 86_400, 1_234_567].map((n) => formatCount(n))).toEqual(['0', '7', '999', '1,000', '86,400', '1,234,567']);
    expect(formatCount(12345.678, 1)).toBe('12,345.7');
  });

  it('durations pick a unit a reader takes in at a glance', () => {
    expect([5, 59, 60, 90, 1200, 3599, 3600, 5400, 9 * 3600, 86_399, 86_400, 86_400 * 1.5, 86_400 * 6].map(formatDuration)).toEqual([
      '5 s', '59 s', '1 min', '1.5 min', '20 min', '60 min', '1 h', '1.5 h', '9 h', '24 h', '1 day', '1.5 days', '6 days',
    ]);
  });

  it('periods stay in seconds up to 1,000 s', () => {
    expect([0.5, 60, 598, 600, 999, 1800, 3600, 86_400].map(formatPeriod)).toEqual(['~0.5 s', '~60 s', '~600 s', '~600 s', '~17 min', '~30 min', '~1 h', '~1 day']);
  });

  it('bytes in binary units, days and times in UTC', () => {
    expect([0, 512, 1023, 1024, 1536, 1_258_291, 1_765_365_551, 2 ** 50 * 3].map(formatBytes)).toEqual(['0 B', '512 B', '1,023 B', '1 KB', '1.5 KB', '1.2 MB', '1.6 GB', '3 PB']);
    expect(formatDay(Date.UTC(2026, 10, 20, 23, 59))).toBe('2026-11-20');
    expect(formatTimeUtc(Date.UTC(2026, 0, 5, 7, 3, 59))).toBe('2026-01-05 07:03 UTC');
  });

  it('percentages and scores', () => {
    expect([0, 0.0004, 0.03, 0.0083, 0.5075, 1.2].map(formatPercent)).toEqual(['0 %', '0 %', '3 %', '0.8 %', '51 %', '120 %']);
    expect([0, 0.29, 0.93, 0.996, 0.999, 1].map(formatScore)).toEqual(['0.00', '0.29', '0.93', '0.99', '0.99', '1.00']);
  });
});

describe('severity', () => {
  it("grades RITA's score thresholds", () => {
    expect([0, 0.499, 0.5, 0.7, 0.899, 0.9, 0.999, 1].map((v) => gradeSeverity(v, scoreSeverityThresholds))).toEqual([
      null, null, 'info', 'low', 'low', 'medium', 'medium', 'high',
    ]);
  });

  it('scoreFromSteps grades to the same severity as the value it maps, and is monotone', () => {
    const steps = { info: 10, low: 40, medium: 80, high: 120 };
    let previous = -1;
    for (let v = 0; v <= 200; v += 0.5) {
      const s = scoreFromSteps(v, steps);
      expect(s >= previous && s >= 0 && s <= 1, `value ${v}`).toBe(true);
      // Within a rounding ulp at the step edges themselves.
      if (!Object.values(steps).includes(v)) expect(gradeSeverity(s, scoreSeverityThresholds), `value ${v}`).toBe(gradeSeverity(v, steps));
      previous = s;
    }
  });
});
