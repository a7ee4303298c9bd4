import { describe, expect, it } from 'vitest';
import { checkTime, isPort, isStorableTime, LATEST_TIME_MS, MAX_DURATION_S, relativeTimesWarning } from '../../src/core/bounds.js';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { thrown } from '../helpers/sink.js';

describe('bounds of stored numbers', () => {
  it('times run from 1970-01-01 up to, not including, 2100-01-01; durations span them', () => {
    expect(LATEST_TIME_MS).toBe(Date.parse('2100-01-01T00:00:00Z'));
    expect([0, 22_335, LATEST_TIME_MS - 1].map(isStorableTime)).toEqual([true, true, true]);
    expect([-1, LATEST_TIME_MS, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 8.64e15].map(isStorableTime)).toEqual([false, false, false, false, false, false]);
    expect(MAX_DURATION_S * 1000).toBe(LATEST_TIME_MS);
    // Every storable time is an ISO 8601 date with four year digits (what the contract's datetime fields take).
    expect(new Date(LATEST_TIME_MS - 1).toISOString()).toBe('2099-12-31T23:59:59.999Z');
  });

  it('checkTime names field, line and the bound crossed, or what the value should have been', () => {
    const reason = (ms: number, raw: unknown, what?: string): SightlineError => {
      const err = thrown(() => checkTime(ms, raw, 'StartTime', 12, what));
      expect(err).toBeInstanceOf(MalformedRecordError);
      expect((err as SightlineError).location).toEqual({ line: 12, field: 'StartTime' });
      return err as SightlineError;
    };
    expect(reason(Number.POSITIVE_INFINITY, 1e308).message).toBe('"1e+308" is past 2100-01-01T00:00:00Z: Sightline stores times from 1970-01-01 up to 2100-01-01');
    expect(reason(-5000, '-5').message).toBe('"-5" is before 1970-01-01T00:00:00Z: Sightline stores times from 1970-01-01 up to 2100-01-01');
    expect(reason(Number.NaN, 'soon', 'a date and time').message).toBe('"soon" is not a date and time');
    expect(reason(Number.NaN, 'x'.repeat(100)).message).toBe(`"${'x'.repeat(57)}..." is not a timestamp`);
    expect(checkTime(0, '0', 'ts', 1)).toBe(0);
  });

  it('ports are whole numbers 0-65535', () => {
    expect([0, 80, 65535].map(isPort)).toEqual([true, true, true]);
    expect([-1, 65536, 80.5, Number.NaN, Number.POSITIVE_INFINITY].map(isPort)).toEqual([false, false, false, false, false]);
  });

  it('warns of relative times: mostly early (the capture start), or a few early records (a clock not set)', () => {
    expect(relativeTimesWarning(0, 10)).toBeNull();
    expect(relativeTimesWarning(576, 576)).toBe(
      '576 of 576 records are dated before 1990-01-01: the times look relative to the capture start (seconds since it began), not dates; they were imported as written',
    );
    expect(relativeTimesWarning(5, 10)).toMatch(/^5 of 10 records .*look relative to the capture start/);
    expect(relativeTimesWarning(2, 1000)).toBe(
      '2 of 1000 records are dated before 1990-01-01 (a clock that was not set, or times relative to a capture start); they were imported as written',
    );
  });
});
