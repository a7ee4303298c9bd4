import { MalformedRecordError } from '../errors/index.js';
import { normalizeIp } from '../net/index.js';

/** Field parsers shared by the readers; each names the field and line it rejects. */

const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const COUNT = /^\d+$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export function requireIp(value: unknown, field: string, line: number): string {
  const ip = typeof value === 'string' ? normalizeIp(value.trim()) : null;
  if (ip === null) throw new MalformedRecordError(`"${preview(value)}" is not an IP address`, { line, field });
  return ip;
}

/** A port or count: a non-negative integer, or null when the source leaves it unset. */
export function optionalCount(value: unknown, field: string, line: number, unset: readonly unknown[] = ['', '-', null, undefined]): number | null {
  if (unset.includes(value)) return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && COUNT.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new MalformedRecordError(`"${preview(value)}" is not a non-negative integer`, { line, field });
  return n;
}

export function optionalNumber(value: unknown, field: string, line: number, unset: readonly unknown[] = ['', '-', null, undefined]): number | null {
  if (unset.includes(value)) return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new MalformedRecordError(`"${preview(value)}" is not a number`, { line, field });
  return n;
}

/** Zeek's `time`: epoch seconds with a fraction, or ISO 8601 when Zeek logs JSON with ISO timestamps. */
export function epochSecondsOrIso(value: unknown, field: string, line: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
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

function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
