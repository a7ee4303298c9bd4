import { MAX_HOST_CHARS, MAX_IMAGE_CHARS } from '../shared/name-bounds.js';
import { MalformedRecordError } from './errors/index.js';

export { MAX_HOST_CHARS, MAX_IMAGE_CHARS };

/**
 * The ranges of the numbers Sightline stores from a file: the one
 * definition (the README's "Malformed records" lists them). Telemetry
 * readers check each value as they read it, so a quarantined record names
 * the field as the file writes it; the import's RecordCollector checks every
 * record again before it becomes a row, on the one path both the parse worker
 * and the importing thread take (import-rows.ts); the intel feeds bound
 * their sighting times with isStorableTime.
 *
 * - Times (epoch ms, UTC) from 1970-01-01T00:00:00Z up to, not including,
 *   2100-01-01T00:00:00Z. Epoch 0 is the start so that captures whose times
 *   count from the capture's start (they read as 1970) still import; see
 *   RELATIVE_TIMES_BEFORE_MS. The horizon keeps every stored time an ISO 8601
 *   date with four year digits (the contract's datetime fields take nothing
 *   else; JS Date itself goes on to year 275760 and then throws "Invalid
 *   time value"), keeps decay's expiry dates (a year later at most) inside it,
 *   and keeps `auto` epoch units (s, ms, µs, ns by magnitude) unambiguous.
 * - Ports: whole numbers 0 to 65535.
 * - Counts (bytes, packets): whole numbers 0 to 2^53 − 1: past it a double no
 *   longer holds every integer, so a count would be stored rounded.
 * - Process ids: whole numbers 0 to 2^32 − 1 (a Windows DWORD; Unix pids are smaller).
 * - Durations: seconds, 0 up to the span of storable times (~130 years).
 *
 * And the names that become graph node ids (shared/name-bounds.ts): host
 * names up to 255 characters, process image paths up to 32,767; a 1 MB
 * "host" is not one, and its node could not be asked for its details.
 */
export const EARLIEST_TIME_MS = 0;
export const LATEST_TIME_MS = Date.UTC(2100, 0, 1);
export const MAX_PORT = 0xffff;
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;
export const MAX_PID = 0xffff_ffff;
export const MAX_DURATION_S = (LATEST_TIME_MS - EARLIEST_TIME_MS) / 1000;

/**
 * No log of a supported format predates this (Zeek, NetFlow and Sysmon are
 * all younger): a file whose records are dated earlier carries times relative
 * to the capture's start (or a clock never set). They are kept as written;
 * the import summary says so (relativeTimesWarning).
 */
export const RELATIVE_TIMES_BEFORE_MS = Date.UTC(1990, 0, 1);

const TIME_RANGE = 'Sightline stores times from 1970-01-01 up to 2100-01-01';

// The predicates are kept tiny, and each check builds its error out of line,
// so that the import's hot path (several checks per row) stays comparisons
// that V8 inlines.

/** True for epoch ms Sightline stores (NaN and ±Infinity are not). */
export function isStorableTime(ms: number): boolean {
  return ms >= EARLIEST_TIME_MS && ms < LATEST_TIME_MS;
}

/** True for a whole number 0–65535. */
export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_PORT;
}

export function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_COUNT;
}

export function isPid(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_PID;
}

export function isDuration(s: number): boolean {
  return s >= 0 && s <= MAX_DURATION_S;
}

/** `ms` as a stored time is written (ISO 8601, as the intel store keeps them), or null when it is no storable time. */
export function storableIso(ms: number): string | null {
  return isStorableTime(ms) ? new Date(ms).toISOString() : null;
}

/**
 * `ms` when it is a storable time; else MalformedRecordError naming the
 * field and the bound crossed. `raw` is the value as the file wrote it;
 * `what` names the expected form when the value did not read as a time at
 * all (NaN).
 */
export function checkTime(ms: number, raw: unknown, field: string, line: number, what = 'a timestamp'): number {
  return isStorableTime(ms) ? ms : refuseTime(ms, raw, field, line, what);
}

function refuseTime(ms: number, raw: unknown, field: string, line: number, what: string): never {
  const shown = preview(raw);
  const reason =
    ms !== ms
      ? `"${shown}" is not ${what}`
      : ms < EARLIEST_TIME_MS
        ? `"${shown}" is before 1970-01-01T00:00:00Z: ${TIME_RANGE}`
        : `"${shown}" is past 2100-01-01T00:00:00Z: ${TIME_RANGE}`;
  throw new MalformedRecordError(reason, { line, field });
}

// `n + 0` below turns a -0 (JSON allows it) into 0.

export function checkPort(n: number, raw: unknown, field: string, line: number): number {
  return isPort(n) ? n + 0 : refuse(raw, field, line, 'a port: ports are whole numbers from 0 to 65535');
}

export function checkCount(n: number, raw: unknown, field: string, line: number): number {
  return isCount(n) ? n + 0 : refuse(raw, field, line, 'a count: counts are whole numbers from 0 to 9007199254740991 (2^53 - 1)');
}

export function checkPid(n: number, raw: unknown, field: string, line: number): number {
  return isPid(n) ? n + 0 : refuse(raw, field, line, 'a process id: process ids are whole numbers from 0 to 4294967295 (2^32 - 1)');
}

export function checkDuration(s: number, raw: unknown, field: string, line: number): number {
  return isDuration(s) ? s + 0 : refuse(raw, field, line, `a duration: durations are seconds from 0 to ${MAX_DURATION_S} (the span of storable times)`);
}

/** True for no name or one of at most `max` characters. */
export function isName(s: string | null, max: number): boolean {
  return s === null || s.length <= max;
}

/** A host name within its bound; else MalformedRecordError naming the field. */
export function checkHost(s: string | null, field: string, line: number): void {
  if (!isName(s, MAX_HOST_CHARS)) refuseName(s as string, field, line, 'host name', MAX_HOST_CHARS);
}

/** A process image path within its bound; else MalformedRecordError naming the field. */
export function checkImage(s: string | null, field: string, line: number): void {
  if (!isName(s, MAX_IMAGE_CHARS)) refuseName(s as string, field, line, 'process image path', MAX_IMAGE_CHARS);
}

/** A file's path within the image path bound (a file written may be a program started later, whose image is bounded so); else MalformedRecordError naming the field. */
export function checkFilePath(s: string | null, field: string, line: number): void {
  if (!isName(s, MAX_IMAGE_CHARS)) refuseName(s as string, field, line, 'file path', MAX_IMAGE_CHARS);
}

function refuseName(s: string, field: string, line: number, noun: string, max: number): never {
  throw new MalformedRecordError(`"${preview(s)}" is not a ${noun}: it has ${s.length} characters, and ${noun}s have at most ${max}`, { line, field });
}

function refuse(raw: unknown, field: string, line: number, what: string): never {
  throw new MalformedRecordError(`"${preview(raw)}" is not ${what}`, { line, field });
}

/**
 * The import summary's warning for `early` of `total` records dated before
 * RELATIVE_TIMES_BEFORE_MS, or null when there are none.
 */
export function relativeTimesWarning(early: number, total: number): string | null {
  if (early === 0) return null;
  const share = `${early} of ${total} records are dated before 1990-01-01`;
  return early * 2 >= total
    ? `${share}: the times look relative to the capture start (seconds since it began), not dates; they were imported as written`
    : `${share} (a clock that was not set, or times relative to a capture start); they were imported as written`;
}

/** A value as an error message shows it: at most 60 characters. */
export function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
