import type { TimeFormat } from '../../shared/types.js';

/**
 * Timestamps as exports write them, to epoch milliseconds (UTC). Times
 * written without an offset ("naive": pfirewall.log, most locale CSVs) are
 * read in the import's IANA time zone, which the user chooses (default UTC).
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// Day, month and year in either order, with / . or - between, optional time and AM/PM.
const DATE_FIRST = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([AaPp][Mm])?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^\d+(\.\d+)?$/;

/** True when Intl knows the zone name; checked once per import, never per row. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
// formatToParts costs microseconds and a naive time needs up to four offsets:
// rows of one log share minutes, so offsets are cached per zone and minute
// (zone transitions fall on whole minutes since the 1970s).
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_MAX = 4096;

/** The zone's offset from UTC (ms) at a UTC instant. */
function zoneOffset(utcMs: number, zone: string): number {
  const minute = Math.floor(utcMs / 60_000);
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const hit = cache.get(minute);
  if (hit !== undefined) return hit;
  let f = offsetFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(zone, f);
  }
  const at = minute * 60_000;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  const offset = asUtc - at;
  if (cache.size >= OFFSET_CACHE_MAX) cache.clear();
  cache.set(minute, offset);
  return offset;
}

const DAY_MS = 86_400_000;

/**
 * A wall-clock time in `zone` to epoch ms. Ambiguous times (clocks going
 * back) take the earlier instant; times skipped by clocks going forward are
 * read with the offset before the change (02:30 becomes 03:30 summer time),
 * as java.time and Temporal do.
 */
export function wallClockToUtc(fields: { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number }, zone: string): number {
  const naive = Date.UTC(fields.y, fields.mo - 1, fields.d, fields.h, fields.mi, fields.s, fields.ms);
  if (zone === 'UTC' || zone === 'Etc/UTC') return naive;
  // No zone changes its offset twice within two days: the offsets a day
  // either side are the only candidates.
  const before = zoneOffset(naive - DAY_MS, zone);
  const after = zoneOffset(naive + DAY_MS, zone);
  const fits = (offset: number): boolean => zoneOffset(naive - offset, zone) === offset;
  const candidates = [before, after].filter(fits).map((o) => naive - o);
  if (candidates.length > 0) return Math.min(...candidates);
  return naive - before;
}

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function fraction(text: string | undefined): number {
  return text ? Math.round(Number(`0.${text}`) * 1000) : 0;
}

/** Offset text to ms; NaN past ±14:00, which no zone uses (a shifted column, not an offset). */
function offsetMs(text: string): number {
  if (/^z$/i.test(text)) return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = Number(digits.slice(2) || '0');
  if (h > 14 || m > 59) return NaN;
  return sign * (h * 60 + m) * 60_000;
}

function parseIso(text: string, zone: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (!validDate(y, mo, d, h, mi, s)) return NaN;
  const ms = fraction(m[7]);
  if (m[8]) return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMs(m[8]);
  return wallClockToUtc({ y, mo, d, h, mi, s, ms }, zone);
}

function parseDateFirst(text: string, order: 'dmy' | 'mdy' | 'ymd', zone: string): number {
  const m = DATE_FIRST.exec(text);
  if (!m) return NaN;
  const [a, b, c] = [m[1] as string, m[3] as string, m[4] as string];
  const [yText, moText, dText] = order === 'dmy' ? [c, b, a] : order === 'mdy' ? [c, a, b] : [a, b, c];
  // Two or four year digits; day and month at most two (2026/31/12 is no ymd date).
  if ((yText.length !== 2 && yText.length !== 4) || moText.length > 2 || dText.length > 2) return NaN;
  let y = Number(yText);
  if (yText.length === 2) y += 2000;
  const mo = Number(moText);
  const d = Number(dText);
  let h = Number(m[5] ?? '0');
  const mi = Number(m[6] ?? '0');
  const s = Number(m[7] ?? '0');
  const ampm = m[9]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (!validDate(y, mo, d, h, mi, s)) return NaN;
  const ms = fraction(m[8]);
  if (m[10]) return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMs(m[10]);
  return wallClockToUtc({ y, mo, d, h, mi, s, ms }, zone);
}

/** Epoch seconds, ms, µs or ns told apart by magnitude (good for any date between 1973 and 5138). */
function parseEpochAuto(text: string): number {
  const n = Number(text);
  if (n >= 1e17) return Math.round(n / 1e6);
  if (n >= 1e14) return Math.round(n / 1000);
  if (n >= 1e11) return Math.round(n);
  return Math.round(n * 1000);
}

/**
 * Epoch ms for a timestamp in `format`, or NaN when it does not read as one.
 * `auto` accepts ISO 8601 and epoch numbers; locale dates need an explicit
 * order because 03/04/2026 is March in one country and April in another.
 */
export function parseTimestamp(raw: string, format: TimeFormat, zone = 'UTC'): number {
  const text = raw.trim();
  // Bounded before the regexes: a timestamp is never this long.
  if (text.length > 64) return NaN;
  switch (format) {
    case 'iso':
      return parseIso(text, zone);
    case 'epoch-s':
      return NUMERIC.test(text) ? Math.round(Number(text) * 1000) : NaN;
    case 'epoch-ms':
      return NUMERIC.test(text) ? Math.round(Number(text)) : NaN;
    case 'epoch-us':
      return NUMERIC.test(text) ? Math.round(Number(text) / 1000) : NaN;
    case 'dmy':
    case 'mdy':
    case 'ymd':
      return parseDateFirst(text, format, zone);
    case 'auto':
      if (NUMERIC.test(text)) return parseEpochAuto(text);
      return parseIso(text, zone);
  }
}

/** The formats a sample of values all read as, most specific first: what the mapping wizard proposes. */
export function guessTimeFormats(samples: readonly string[]): TimeFormat[] {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return [];
  const candidates: TimeFormat[] = ['iso', 'epoch-s', 'epoch-ms', 'epoch-us', 'dmy', 'mdy', 'ymd'];
  const plausible = (ms: number): boolean => Number.isFinite(ms) && ms > Date.UTC(1990, 0, 1) && ms < Date.UTC(2100, 0, 1);
  return candidates.filter((f) => values.every((v) => plausible(parseTimestamp(v, f))));
}
