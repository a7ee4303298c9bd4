// @ts-check
// Times as each format writes them. Times inside the generator are epoch milliseconds (UTC).

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, '0');

// Rows come in time order, so the text of the last second is kept: formatting a date is most of a row's cost.
let lastSecond = NaN;
let lastSecondText = '';

/** Sysmon's UtcTime: "2026-11-16 09:14:03.512". */
export function sysmonTime(/** @type {number} */ time) {
  const ms = Math.floor(time);
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    const d = new Date(second * 1000);
    lastSecond = second;
    lastSecondText = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  return `${lastSecondText}.${pad(ms - second * 1000, 3)}`;
}

/** ISO 8601 with milliseconds and Z, as Sysmon's shippers write TimeCreated and @timestamp. */
export function isoTime(/** @type {number} */ ms) {
  const t = sysmonTime(ms);
  return `${t.slice(0, 10)}T${t.slice(11)}Z`;
}

/** TweetFeed's date column: "2026-11-17 10:02:11" (UTC). */
export function tweetfeedTime(/** @type {number} */ ms) {
  return sysmonTime(ms).slice(0, 19);
}

/** Zeek's #open / #close stamp: "2026-11-16-00-00-00". */
export function zeekStamp(/** @type {number} */ ms) {
  return sysmonTime(ms).slice(0, 19).replace(/[ :]/g, '-');
}

/** Zeek's ts from epoch microseconds: seconds with six decimals, written from integers so no float rounding shows. */
export function zeekTs(/** @type {number} */ us) {
  return `${Math.floor(us / 1e6)}.${pad(us % 1e6, 6)}`;
}

/** Seconds as Zeek writes an interval (duration, rtt): six decimals. */
export function zeekInterval(/** @type {number} */ seconds) {
  return seconds.toFixed(6);
}

/** Parses an ISO date as UTC epoch ms, or throws naming the option. */
export function parseStart(/** @type {string} */ value, /** @type {string} */ option) {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`${option}: "${value}" is not a date (use ISO 8601, e.g. 2026-11-16T00:00:00Z)`);
  return ms;
}
