// @ts-check
import { DAY, HOUR, MINUTE } from './time-text.js';

/** @typedef {import('./types.js').Host} Host */
/** @typedef {import('./random.js').Random} Random */
/** @typedef {{ from: number, to: number }} Interval */

/**
 * Working hours the planted incidents can count on: every weekday a user
 * arrives by 09:45, is back from lunch by 13:30 and leaves at 16:30 at the
 * earliest.
 */
export const WORKDAY = /** @type {const} */ ({ latestArrival: 9.75, lunchFrom: [11.75, 12.5], lunchMinutes: [35, 60], earliestLeave: 16.5 });

/**
 * When a host is powered and when its user is at it, over `days` days from
 * `start` (a Monday, 00:00 UTC). Workstations are switched on when their
 * user arrives and off when they leave, except one left on; weekends are
 * quiet (one user works two hours on Saturday); the server runs throughout.
 * @param {Host} host
 * @param {Random} rnd
 * @param {number} start
 * @param {number} days
 * @returns {{ power: Interval[], presence: Interval[], boots: number[] }}
 */
export function weekSchedule(host, rnd, start, days) {
  const end = start + days * DAY;
  if (host.role === 'server') return { power: [{ from: start, to: end }], presence: [], boots: [] };
  /** @type {Interval[]} */
  const presence = [];
  for (let d = 0; d < days; d++) {
    const day = start + d * DAY;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) {
      if (weekday === 6 && host.weekendUse) presence.push({ from: day + 10 * HOUR + rnd.int(0, 40) * MINUTE, to: day + 12 * HOUR + rnd.int(0, 30) * MINUTE });
      continue;
    }
    const hours = (/** @type {number} */ h) => day + Math.round(h * HOUR);
    const arrive = hours(clamp(rnd.normal(8.5, 0.4), 7.25, WORKDAY.latestArrival));
    const lunch = hours(rnd.uniform(WORKDAY.lunchFrom[0], WORKDAY.lunchFrom[1]));
    const back = lunch + rnd.int(WORKDAY.lunchMinutes[0], WORKDAY.lunchMinutes[1]) * MINUTE;
    const leave = hours(clamp(rnd.normal(17.4, 0.6), WORKDAY.earliestLeave, 19));
    presence.push({ from: arrive, to: lunch }, { from: back, to: leave });
  }
  // Powered from a few minutes before each arrival of the day to just after leaving.
  /** @type {Interval[]} */
  const power = [];
  for (const p of presence) {
    const last = power.at(-1);
    if (last && p.from - last.to < 3 * HOUR) last.to = p.to + 2 * MINUTE;
    else power.push({ from: p.from - rnd.int(2, 6) * MINUTE, to: p.to + 2 * MINUTE });
  }
  if (host.leftOn && power.length > 0) power.splice(0, power.length, { from: /** @type {Interval} */ (power[0]).from, to: end });
  return { power, presence, boots: power.map((p) => p.from) };
}

/** The interval of `list` that holds `t`, if any. */
export function intervalAt(/** @type {Interval[]} */ list, /** @type {number} */ t) {
  return list.find((i) => i.from <= t && t < i.to);
}

/**
 * How busy a present user is at this hour of the day, 0..1: full in the
 * morning and afternoon, lighter at the edges of the day.
 */
export function userActivity(/** @type {number} */ t) {
  const h = (t % DAY) / HOUR;
  if (h < 8 || h >= 18) return 0.45;
  if (h < 9 || h >= 17) return 0.7;
  return 1;
}

function clamp(/** @type {number} */ x, /** @type {number} */ lo, /** @type {number} */ hi) {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Times of a Poisson process over [from, to) with mean gap `meanGap` ms,
 * thinned by `weight(t)` (0..1): events where the rate is lower are dropped.
 * @param {Random} rnd
 * @param {number} from
 * @param {number} to
 * @param {number} meanGap
 * @param {(t: number) => number} [weight]
 * @returns {number[]}
 */
export function poissonTimes(rnd, from, to, meanGap, weight) {
  const times = [];
  for (let t = from + rnd.exponential(meanGap); t < to; t += rnd.exponential(meanGap)) {
    if (weight === undefined || rnd.next() < weight(t)) times.push(Math.round(t));
  }
  return times;
}
