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
  // The default needs no check, and the first Intl formatter costs ~25 ms (it loads zone data).
  if (zone === 'UTC') return true;
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

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : (MONTH_DAYS[mo - 1] as number));
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
  const fast = parseIsoCommon(text, zone);
  return fast === undefined ? parseIsoPattern(text, zone) : fast;
}

/** Two ASCII digits at i as a number, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The shape nearly every export writes, `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`,
 * read by position; undefined for anything else, which goes to the ISO
 * pattern. Gives exactly what the pattern gives: it runs once per row of
 * most CSV and JSON imports, where the regular expression cost more than
 * the rest of the row's parsing.
 */
export function parseIsoCommon(text: string, zone: string): number | undefined {
  const n = text.length;
  if (n < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const sep = text.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return undefined;
  const c = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const mo = twoDigits(text, 5);
  const d = twoDigits(text, 8);
  const h = twoDigits(text, 11);
  const mi = twoDigits(text, 14);
  const s = twoDigits(text, 17);
  if (c < 0 || yy < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return undefined;
  const y = c * 100 + yy;
  let i = 19;
  let ms = 0;
  const dot = text.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    const start = ++i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === start) return undefined;
    // Up to three digits are whole milliseconds (what fraction() gives too); more are rounded by fraction().
    const digits = i - start;
    if (digits <= 3) {
      for (let k = 0; k < 3; k++) ms = ms * 10 + (k < digits ? text.charCodeAt(start + k) - 48 : 0);
    } else ms = fraction(text.slice(start, i));
  }
  let offset: number | null = null;
  if (i < n) {
    const z = text.charCodeAt(i);
    if ((z === 90 || z === 122) && i + 1 === n) offset = 0;
    else if (z === 43 || z === 45) {
      const oh = twoDigits(text, i + 1);
      const rest = n - i - 3;
      const colon = rest === 3 && text.charCodeAt(i + 3) === 58 ? 1 : 0;
      const om = rest === 0 ? 0 : rest === 2 || colon ? twoDigits(text, i + 3 + colon) : -1;
      if (oh < 0 || om < 0) return undefined;
      offset = oh > 14 || om > 59 ? NaN : (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else return undefined;
  }
  if (!validDate(y, mo, d, h, mi, s)) return NaN;
  if (offset !== null) return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
  return wallClockToUtc({ y, mo, d, h, mi, s, ms }, zone);
}

/** Any ISO 8601 form the import accepts (ISO above). */
export function parseIsoPattern(text: string, zone: string): number {
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
