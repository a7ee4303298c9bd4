import { describe, expect, it } from 'vitest';
import { normalizeIp } from '../../src/core/net/ip.js';
import { LATEST_TIME_MS, MAX_DURATION_S } from '../../src/core/bounds.js';
import { epochSecondsOrIso, optionalCount, optionalDuration } from '../../src/core/telemetry/fields.js';
import { parseIsoCommon, parseIsoPattern, parseTimestamp } from '../../src/core/telemetry/time.js';
import { mulberry32, pick, randInt, randomString } from '../helpers/prng.js';

/*
 * The import's hot path reads addresses, counts, numbers and ISO times with
 * hand-written scans instead of regular expressions. These tests hold each
 * scan to the regular expression it replaced, on random strings built to sit
 * near the edges (leading zeros, octets of 256, missing parts, stray
 * characters, month lengths, leap days, offsets past ±14:00).
 */

const RUNS = 20_000;

/** What normalizeIp answered for IPv4 before the scan: the dotted-quad pattern. */
function quadByPattern(value: string): string | null | 'not-a-quad' {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (!m) return 'not-a-quad';
  for (let i = 1; i <= 4; i++) {
    const octet = m[i] as string;
    if (Number(octet) > 255 || (octet.length > 1 && octet[0] === '0')) return null;
  }
  return value;
}

describe('normalizeIp: the dotted-quad scan agrees with the pattern it replaced', () => {
  it('on random strings of digits and dots', () => {
    const rand = mulberry32(7);
    const pieces = ['0', '1', '2', '5', '9', '25', '255', '256', '00', '.', '.', '.'];
    for (let run = 0; run < RUNS; run++) {
      const value = randomString(rand, pieces, 9);
      const want = quadByPattern(value);
      // Digits and dots that are no dotted quad are no address at all (no ':' for IPv6).
      expect(normalizeIp(value), JSON.stringify(value)).toBe(want === 'not-a-quad' ? null : want);
    }
  });

  it('on quads with a stray character, which go on to the IPv6 check', () => {
    const rand = mulberry32(8);
    for (let run = 0; run < 2000; run++) {
      const quad = [0, 1, 2, 3].map(() => String(randInt(rand, 0, 255))).join('.');
      const at = randInt(rand, 0, quad.length);
      const value = quad.slice(0, at) + pick(rand, [' ', 'a', ':', '-', '\u0660', '+']) + quad.slice(at);
      expect(normalizeIp(value), JSON.stringify(value)).toBe(null);
    }
    expect(normalizeIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
  });
});

describe('optionalCount / optionalDuration / epochSecondsOrIso: the scans agree with the patterns they replaced, within the bounds', () => {
  const COUNT = /^\d+$/;
  const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
  const result = (fn: () => number | null): number | null | 'error' => {
    try {
      return fn();
    } catch {
      return 'error';
    }
  };

  it('on random numeric-looking strings', () => {
    const rand = mulberry32(9);
    const pieces = ['0', '1', '7', '9', '12', '-', '.', 'e', 'E', '+', ' ', 'x', '٣', '00'];
    for (let run = 0; run < RUNS; run++) {
      const value = randomString(rand, pieces, 8);
      const label = JSON.stringify(value);
      const count = COUNT.test(value) && Number(value) <= Number.MAX_SAFE_INTEGER ? Number(value) : value === '' || value === '-' ? null : 'error';
      expect(result(() => optionalCount(value, 'f', 1)), label).toBe(count);
      const n = Number(value);
      const seconds = value === '' || value === '-' ? null : NUMBER.test(value) && n >= 0 && n <= MAX_DURATION_S ? n + 0 : 'error';
      expect(result(() => optionalDuration(value, 'f', 1)), label).toBe(seconds);
      const ms = /^\d+(\.\d+)?$/.test(value) ? Math.round(n * 1000) : NaN;
      if (ms < LATEST_TIME_MS) expect(epochSecondsOrIso(value, 'ts', 1), label).toBe(ms);
      else if (!/^\d{4}-/.test(value)) expect(result(() => epochSecondsOrIso(value, 'ts', 1)), label).toBe('error');
    }
  });

  it('reads counts past 15 digits up to 2^53 - 1 and refuses larger ones, which a double would round', () => {
    expect(optionalCount('9007199254740991', 'f', 1)).toBe(Number.MAX_SAFE_INTEGER);
    for (const big of ['9007199254740992', '9007199254740993', '12345678901234567890']) expect(result(() => optionalCount(big, 'f', 1)), big).toBe('error');
  });
});

describe('parseIsoCommon agrees with the ISO 8601 pattern wherever it answers', () => {
  it('on random timestamps near the common shape', () => {
    const rand = mulberry32(10);
    const two = (lo: number, hi: number): string => String(randInt(rand, lo, hi)).padStart(2, '0');
    let answered = 0;
    for (let run = 0; run < RUNS; run++) {
      const date = `${pick(rand, ['2024', '2023', '1900', '2000', '0004', '0050', '9999'])}-${two(0, 13)}-${two(0, 32)}`;
      const time = `${two(0, 25)}:${two(0, 61)}:${two(0, 61)}`;
      const digits = String(randInt(rand, 0, 999_999)).padStart(6, '0').slice(0, randInt(rand, 1, 6));
      const fraction = pick(rand, ['', '', `.${digits}`, `,${digits}`, '.0245', '.123456789', '.', '.x']);
      const zone = pick(rand, ['', '', 'Z', 'z', '+02:00', '-05:30', '+0530', '+01', '+14:00', '+15:00', '-00:60', '+2', '+02:0', ' Z', 'ZZ', '+02:00x']);
      const sep = pick(rand, ['T', 't', ' ', 'T', '_']);
      const text = `${date}${sep}${time}${fraction}${zone}`;
      for (const tz of ['UTC', 'Europe/Berlin']) {
        const fast = parseIsoCommon(text, tz);
        if (fast === undefined) continue;
        answered++;
        expect(fast, `${text} in ${tz}`).toBe(parseIsoPattern(text, tz));
      }
    }
    // The generator hits the fast path often enough for the comparison to mean something.
    expect(answered).toBeGreaterThan(RUNS / 2);
  });

  it('leaves other shapes to the pattern, and parseTimestamp reads them', () => {
    for (const text of ['2026-03-01T10:20', '2026-03-01', '2026-03-01T4:05:06Z', '2026-03-01T10:20:30 Z']) {
      expect(parseIsoCommon(text, 'UTC'), text).toBeUndefined();
      expect(parseTimestamp(text, 'iso'), text).toBe(parseIsoPattern(text.trim(), 'UTC'));
    }
    expect(parseTimestamp('2024-02-29T12:00:00Z', 'iso')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseTimestamp('2023-02-29T12:00:00Z', 'iso')).toBeNaN();
    expect(parseTimestamp('1900-02-29T12:00:00Z', 'iso')).toBeNaN();
  });
});
