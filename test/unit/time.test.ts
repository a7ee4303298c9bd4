import { describe, expect, it } from 'vitest';
import { guessTimeFormats, isValidTimeZone, parseTimestamp, wallClockToUtc } from '../../src/core/telemetry/time.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);

describe('parseTimestamp: ISO 8601', () => {
  it.each([
    ['2026-03-01T10:20:30Z', utc(2026, 3, 1, 10, 20, 30)],
    ['2026-03-01T10:20:30.123456Z', utc(2026, 3, 1, 10, 20, 30, 123)],
    ['2026-03-01 10:20:30,5z', utc(2026, 3, 1, 10, 20, 30, 500)],
    ['2026-03-01T10:20:30+02:00', utc(2026, 3, 1, 8, 20, 30)],
    ['2026-03-01T10:20:30-0530', utc(2026, 3, 1, 15, 50, 30)],
    ['2026-03-01T10:20:30+01', utc(2026, 3, 1, 9, 20, 30)],
    ['2026-03-01T10:20', utc(2026, 3, 1, 10, 20)],
    ['2026-03-01', utc(2026, 3, 1)],
    ['  2026-03-01T10:20:30Z  ', utc(2026, 3, 1, 10, 20, 30)],
  ])('%s', (text, want) => {
    expect(parseTimestamp(text, 'iso')).toBe(want);
    expect(parseTimestamp(text, 'auto')).toBe(want);
  });

  it('reads a time without offset in the given zone, one with an offset ignores the zone', () => {
    expect(parseTimestamp('2026-07-01 12:00:00', 'iso')).toBe(utc(2026, 7, 1, 12));
    expect(parseTimestamp('2026-07-01 12:00:00', 'iso', 'Europe/Berlin')).toBe(utc(2026, 7, 1, 10));
    expect(parseTimestamp('2026-01-15 12:00:00', 'iso', 'Europe/Berlin')).toBe(utc(2026, 1, 15, 11));
    expect(parseTimestamp('2026-07-01 12:00:00', 'iso', 'America/New_York')).toBe(utc(2026, 7, 1, 16));
    expect(parseTimestamp('2026-07-01 12:00:00', 'iso', 'Asia/Kolkata')).toBe(utc(2026, 7, 1, 6, 30));
    expect(parseTimestamp('2026-07-01 12:00:00Z', 'iso', 'Europe/Berlin')).toBe(utc(2026, 7, 1, 12));
  });

  it.each(['2026-02-29T00:00:00Z', '2026-13-01', '2026-04-31', '2026-01-01T24:00:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:00+25:00', '26-01-01', 'udp 53', '', 'x'.repeat(200)])(
    'rejects %j',
    (text) => {
      expect(parseTimestamp(text, 'iso')).toBeNaN();
    },
  );

  it('accepts 29 February of a leap year and a leap second', () => {
    expect(parseTimestamp('2024-02-29T12:00:00Z', 'iso')).toBe(utc(2024, 2, 29, 12));
    expect(parseTimestamp('2016-12-31T23:59:60Z', 'iso')).toBe(utc(2017, 1, 1));
  });
});

describe('parseTimestamp: epoch numbers', () => {
  it('reads seconds, milliseconds and microseconds as told', () => {
    expect(parseTimestamp('1700000000', 'epoch-s')).toBe(1_700_000_000_000);
    expect(parseTimestamp('1700000000.123456', 'epoch-s')).toBe(1_700_000_000_123);
    expect(parseTimestamp('1700000000123', 'epoch-ms')).toBe(1_700_000_000_123);
    expect(parseTimestamp('1700000000123456', 'epoch-us')).toBe(1_700_000_000_123);
    expect(parseTimestamp('-5', 'epoch-s')).toBeNaN();
    expect(parseTimestamp('1e9', 'epoch-s')).toBeNaN();
    expect(parseTimestamp('2026-01-01', 'epoch-ms')).toBeNaN();
  });

  it('auto tells seconds, ms, µs and ns apart by magnitude', () => {
    expect(parseTimestamp('1700000000', 'auto')).toBe(1_700_000_000_000);
    expect(parseTimestamp('1700000000.5', 'auto')).toBe(1_700_000_000_500);
    expect(parseTimestamp('1700000000123', 'auto')).toBe(1_700_000_000_123);
    expect(parseTimestamp('1700000000123456', 'auto')).toBe(1_700_000_000_123);
    expect(parseTimestamp('1700000000123456789', 'auto')).toBe(1_700_000_000_123);
  });
});

describe('parseTimestamp: day-first, month-first and year-first dates', () => {
  it('reads the same instant in each order', () => {
    const want = utc(2026, 12, 31, 23, 59, 59);
    expect(parseTimestamp('31/12/2026 23:59:59', 'dmy')).toBe(want);
    expect(parseTimestamp('31.12.2026 23:59:59', 'dmy')).toBe(want);
    expect(parseTimestamp('12/31/2026 11:59:59 PM', 'mdy')).toBe(want);
    expect(parseTimestamp('12/31/2026, 11:59:59 pm', 'mdy')).toBe(want);
    expect(parseTimestamp('2026/12/31 23:59:59', 'ymd')).toBe(want);
    expect(parseTimestamp('2011/08/10 09:46:53.047277', 'ymd')).toBe(utc(2011, 8, 10, 9, 46, 53, 47));
  });

  it('reads 12 AM as midnight and 12 PM as noon, and refuses 13 PM', () => {
    expect(parseTimestamp('01/02/2026 12:05 AM', 'mdy')).toBe(utc(2026, 1, 2, 0, 5));
    expect(parseTimestamp('01/02/2026 12:05 PM', 'mdy')).toBe(utc(2026, 1, 2, 12, 5));
    expect(parseTimestamp('01/02/2026 01:05 PM', 'mdy')).toBe(utc(2026, 1, 2, 13, 5));
    expect(parseTimestamp('01/02/2026 13:05 PM', 'mdy')).toBeNaN();
    expect(parseTimestamp('01/02/2026 00:05 AM', 'mdy')).toBeNaN();
  });

  it('reads a two-digit year as 20xx, a date alone as midnight, an offset when there is one', () => {
    expect(parseTimestamp('31/12/26', 'dmy')).toBe(utc(2026, 12, 31));
    expect(parseTimestamp('31/12/2026 23:00 +01:00', 'dmy', 'America/New_York')).toBe(utc(2026, 12, 31, 22));
  });

  it.each([
    ['31/02/2026 10:00:00', 'dmy'],
    ['02/31/2026', 'mdy'],
    ['29/02/2026', 'dmy'],
    ['31/12/2026 24:00:00', 'dmy'],
    ['31/12/2026 23:61', 'dmy'],
    ['12/31/2026', 'dmy'],
    ['2026/31/12', 'ymd'],
    ['31/12/202', 'dmy'],
    ['31/12-2026', 'dmy'],
  ] as const)('rejects %s as %s', (text, format) => {
    expect(parseTimestamp(text, format)).toBeNaN();
  });

  it('reads day-first naive times in the given zone', () => {
    expect(parseTimestamp('31/12/2026 23:59:59', 'dmy', 'Europe/Berlin')).toBe(utc(2026, 12, 31, 22, 59, 59));
  });
});

describe('naive times across the DST changes of Europe/Berlin', () => {
  const berlin = (text: string) => parseTimestamp(text, 'iso', 'Europe/Berlin');

  it('spring forward (29 March 2026, 02:00 CET becomes 03:00 CEST)', () => {
    expect(berlin('2026-03-29 01:59:59')).toBe(utc(2026, 3, 29, 0, 59, 59));
    expect(berlin('2026-03-29 03:00:00')).toBe(utc(2026, 3, 29, 1));
    // 02:30 never happened on the wall clock: read with the offset before the change.
    expect(berlin('2026-03-29 02:30:00')).toBe(utc(2026, 3, 29, 1, 30));
  });

  it('fall back (25 October 2026, 03:00 CEST becomes 02:00 CET): an ambiguous time is the earlier instant', () => {
    expect(berlin('2026-10-25 01:59:59')).toBe(utc(2026, 10, 24, 23, 59, 59));
    expect(berlin('2026-10-25 02:30:00')).toBe(utc(2026, 10, 25, 0, 30));
    expect(berlin('2026-10-25 03:00:00')).toBe(utc(2026, 10, 25, 2));
  });

  it('is the same when the cache of offsets is warm', () => {
    for (let i = 0; i < 3; i++) {
      expect(berlin('2026-10-25 02:30:00')).toBe(utc(2026, 10, 25, 0, 30));
      expect(berlin('2026-03-29 02:30:00')).toBe(utc(2026, 3, 29, 1, 30));
    }
  });

  it('wallClockToUtc handles half-hour DST shifts (Australia/Lord_Howe)', () => {
    // Lord Howe: +10:30 standard, +11:00 summer; clocks go back 30 minutes on 5 April 2026 at 02:00.
    expect(wallClockToUtc({ y: 2026, mo: 1, d: 15, h: 12, mi: 0, s: 0, ms: 0 }, 'Australia/Lord_Howe')).toBe(utc(2026, 1, 15, 1));
    expect(wallClockToUtc({ y: 2026, mo: 7, d: 15, h: 12, mi: 0, s: 0, ms: 0 }, 'Australia/Lord_Howe')).toBe(utc(2026, 7, 15, 1, 30));
    expect(wallClockToUtc({ y: 2026, mo: 4, d: 5, h: 1, mi: 45, s: 0, ms: 0 }, 'Australia/Lord_Howe')).toBe(utc(2026, 4, 4, 14, 45));
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('guessTimeFormats', () => {
  it('proposes what every value reads as, most specific first', () => {
    expect(guessTimeFormats(['31/12/2026 23:59:59', '01/01/2027 00:00:01'])).toEqual(['dmy']);
    expect(guessTimeFormats(['01/02/2026 10:00', '03/04/2026 11:00'])).toEqual(['dmy', 'mdy']);
    expect(guessTimeFormats(['1785839952046', '1785839953112'])).toEqual(['epoch-ms']);
    expect(guessTimeFormats(['1700000000', '1700000001.5'])).toEqual(['epoch-s']);
    expect(guessTimeFormats(['2026-03-01T10:20:30Z', '2026-03-01 10:20'])[0]).toBe('iso');
    expect(guessTimeFormats(['2011/08/10 09:46:53.047277'])).toEqual(['ymd']);
  });

  it('proposes nothing for values that are not all times, or for no values', () => {
    expect(guessTimeFormats(['31/12/2026', '31/02/2026'])).toEqual([]);
    expect(guessTimeFormats(['443', '80'])).toEqual([]);
    expect(guessTimeFormats(['', ' '])).toEqual([]);
  });
});
