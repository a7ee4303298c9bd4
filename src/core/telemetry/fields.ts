import { MalformedRecordError } from '../errors/index.js';
import { normalizeIp } from '../net/index.js';

/** Field parsers shared by the readers; each names the field and line it rejects. */

const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export function requireIp(value: unknown, field: string, line: number): string {
  const ip = typeof value === 'string' ? normalizeIp(value.trim()) : null;
  if (ip === null) throw new MalformedRecordError(`"${preview(value)}" is not an IP address`, { line, field });
  return ip;
}

/** A port or count: a non-negative integer, or null when the source leaves it unset. */
export function optionalCount(value: unknown, field: string, line: number, unset: readonly unknown[] = ['', '-', null, undefined]): number | null {
  if (unset.includes(value)) return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? digitsValue(value) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new MalformedRecordError(`"${preview(value)}" is not a non-negative integer`, { line, field });
  return n;
}

export function optionalNumber(value: unknown, field: string, line: number, unset: readonly unknown[] = ['', '-', null, undefined]): number | null {
  if (unset.includes(value)) return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && (isDecimal(value) || NUMBER.test(value)) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new MalformedRecordError(`"${preview(value)}" is not a number`, { line, field });
  return n;
}

/** Zeek's `time`: epoch seconds with a fraction, or ISO 8601 when Zeek logs JSON with ISO timestamps. */
export function epochSecondsOrIso(value: unknown, field: string, line: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string') {
    if (isDecimal(value) && value.charCodeAt(0) !== 45) return Math.round(Number(value) * 1000);
    // Date.parse reads almost anything ('udp 53' is 1953); only ISO 8601 is a Zeek time.
    const ms = ISO_8601.test(value) ? Date.parse(value) : NaN;
    if (Number.isFinite(ms)) return ms;
  }
  throw new MalformedRecordError(`"${preview(value)}" is not a timestamp`, { line, field });
}

/** Sysmon's UtcTime "2023-08-10 14:39:12.046" (UTC, no zone marker). */
export function sysmonUtcTime(value: unknown, field: string, line: number): number {
  if (typeof value === 'string') {
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`);
    if (Number.isFinite(ms)) return ms;
  }
  throw new MalformedRecordError(`"${preview(value)}" is not a timestamp`, { line, field });
}

export function optionalText(value: unknown, unset: readonly unknown[] = ['', '-', null, undefined]): string | null {
  if (unset.includes(value)) return null;
  return typeof value === 'string' ? value : String(value);
}

// The scans below replace regular expressions on the import's hot path
// (several fields of every row): same answers, no regex engine, no allocation.

/** The value of a string of ASCII digits, or NaN (empty, any other character). */
function digitsValue(s: string): number {
  const n = s.length;
  // Past 15 digits a double is no longer exact: Number() rounds as before.
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

function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
