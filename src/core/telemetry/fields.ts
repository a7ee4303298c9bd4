import { MalformedRecordError } from '../errors/index.js';
import { normalizeIp } from '../net/index.js';
import { checkCount, checkDuration, checkPid, checkPort, checkTime, preview } from '../bounds.js';

/** Field parsers shared by the readers; each names the field and line it rejects. */

const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export function requireIp(value: unknown, field: string, line: number): string {
  const ip = typeof value === 'string' ? normalizeIp(value.trim()) : null;
  if (ip === null) throw new MalformedRecordError(`"${preview(value)}" is not an IP address`, { line, field });
  return ip;
}

const UNSET: readonly unknown[] = ['', '-', null, undefined];

// The readers below bound what they read to core/bounds.ts: a value past a
// bound is refused like one that is no number at all, naming the field.

/** A port (0–65535), or null when the source leaves it unset. */
export function optionalPort(value: unknown, field: string, line: number, unset: readonly unknown[] = UNSET): number | null {
  return unset.includes(value) ? null : checkPort(integerValue(value), value, field, line);
}

/** A byte or packet count (0 to 2^53 − 1), or null when the source leaves it unset. */
export function optionalCount(value: unknown, field: string, line: number, unset: readonly unknown[] = UNSET): number | null {
  return unset.includes(value) ? null : checkCount(integerValue(value), value, field, line);
}

/** A process id (0 to 2^32 − 1), or null when the source leaves it unset. */
export function optionalPid(value: unknown, field: string, line: number, unset: readonly unknown[] = UNSET): number | null {
  return unset.includes(value) ? null : checkPid(integerValue(value), value, field, line);
}

/** A duration in seconds (see MAX_DURATION_S), or null when the source leaves it unset. */
export function optionalDuration(value: unknown, field: string, line: number, unset: readonly unknown[] = UNSET): number | null {
  return unset.includes(value) ? null : checkDuration(numberValue(value), value, field, line);
}

/** A number as is; a string of ASCII digits as its value; NaN for anything else (signs, points, spaces). */
export function integerValue(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? digitsValue(value) : NaN;
}

/** A number as is; a string in plain or exponent notation (NUMBER) as its value; NaN for anything else. */
export function numberValue(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' && (isDecimal(value) || NUMBER.test(value)) ? Number(value) : NaN;
}

/**
 * Zeek's `time`: epoch seconds with a fraction, or ISO 8601 when Zeek logs
 * JSON with ISO timestamps; bounded to the storable times (checkTime).
 */
export function epochSecondsOrIso(value: unknown, field: string, line: number): number {
  if (typeof value === 'number') return checkTime(Math.round(value * 1000), value, field, line);
  if (typeof value === 'string') {
    if (isDecimal(value) && value.charCodeAt(0) !== 45) return checkTime(Math.round(Number(value) * 1000), value, field, line);
    // Date.parse reads almost anything ('udp 53' is 1953); only ISO 8601 is a Zeek time.
    if (ISO_8601.test(value)) return checkTime(Date.parse(value), value, field, line);
  }
  throw new MalformedRecordError(`"${preview(value)}" is not a timestamp`, { line, field });
}

/** Sysmon's UtcTime "2023-08-10 14:39:12.046" (UTC, no zone marker). */
export function sysmonUtcTime(value: unknown, field: string, line: number): number {
  if (typeof value === 'string') {
    return checkTime(Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`), value, field, line);
  }
  throw new MalformedRecordError(`"${preview(value)}" is not a timestamp`, { line, field });
}

export function optionalText(value: unknown, unset: readonly unknown[] = UNSET): string | null {
  if (unset.includes(value)) return null;
  return typeof value === 'string' ? value : String(value);
}

// The scans below replace regular expressions on the import's hot path
// (several fields of every row): same answers, no regex engine, no allocation.

/** The value of a string of ASCII digits, or NaN (empty, any other character). */
function digitsValue(s: string): number {
  const n = s.length;
  // Past 15 digits the loop's sum could pass 2^53: Number() reads them (checkCount refuses the inexact ones).
  if (n === 0 || n > 15) return n > 15 && /^\d+$/.test(s) ? Number(s) : NaN;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/** True for -?digits(.digits)?: the common shape of a number; others take the full NUMBER pattern. */
function isDecimal(s: string): boolean {
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === start) return false;
  if (i === s.length) return true;
  if (s.charCodeAt(i) !== 46) return false;
  const fraction = ++i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i > fraction && i === s.length;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
