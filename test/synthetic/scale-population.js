// @ts-check
import { destination } from './destinations.js';
import { DAY, MINUTE } from './time-text.js';

/** @typedef {import('./types.js').Host} Host */
/** @typedef {import('./types.js').Destination} Destination */
/** @typedef {import('./random.js').Random} Random */

// Who is in the scale case and when it talks: hosts, beacons, destinations, the week's rhythm.

/** Beacon periods in seconds and jitters (fractions), taken in turn. */
const BEACON_PERIODS = [600, 300, 900, 1800, 3600];
const BEACON_JITTERS = [0.05, 0.02, 0.08, 0.1, 0.03];

/**
 * Times from `from` to `end`, one per period with uniform jitter (a fraction of the period).
 * @param {Random} rnd
 * @param {number} from
 * @param {number} end
 * @param {number} period
 * @param {number} jitter
 */
export function periodicTimes(rnd, from, end, period, jitter) {
  const times = [];
  for (let t = from; t < end; t += Math.round(period * (1 + rnd.uniform(-jitter, jitter)))) times.push(t);
  return times;
}

/** Hosts H0001… on 10.30.0.0/16. */
export function scaleHosts(/** @type {number} */ n) {
  /** @type {Host[]} */
  const hosts = [];
  for (let i = 0; i < n; i++) {
    hosts.push({
      name: `H${String(i + 1).padStart(4, '0')}`,
      ip: `10.30.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 2}`,
      role: 'workstation',
      user: `u${String(i + 1).padStart(4, '0')}`,
      domain: 'NORTHWIND',
      machineId: (0x5c00_0000 + i).toString(16),
      resolver: '10.30.255.53',
      browser: null,
      extras: [],
      leftOn: true,
      weekendUse: false,
      sysmonExcludes: [],
    });
  }
  return hosts;
}

/**
 * Beacons on distinct hosts to distinct addresses (193.142.58.0/24, which the
 * background never uses), running from a random time of the first day to
 * the end of the week.
 * @param {Random} rnd
 * @param {Host[]} hosts
 * @param {number} k
 * @param {number} start
 */
export function planBeacons(rnd, hosts, k, start) {
  const chosen = new Set();
  const plans = [];
  for (let i = 0; i < k; i++) {
    let h = rnd.int(0, hosts.length - 1);
    while (chosen.has(h)) h = (h + 1) % hosts.length;
    chosen.add(h);
    const periodSeconds = /** @type {number} */ (BEACON_PERIODS[i % BEACON_PERIODS.length]);
    const jitter = /** @type {number} */ (BEACON_JITTERS[i % BEACON_JITTERS.length]);
    const from = start + rnd.int(0, DAY - 1);
    plans.push({ id: `beacon-${i + 1}`, host: /** @type {Host} */ (hosts[h]), periodSeconds, jitter, from, dest: destination(null, [`193.142.58.${10 + i}`], { port: i % 2 === 0 ? 443 : 8080, service: i % 2 === 0 ? 'ssl' : 'http', out: [380, 0.1], in: [1300, 0.2], dur: [0.4, 0.3] }) });
  }
  return plans;
}

/**
 * `n` public destinations whose popularity falls off as 1/rank (a few CDNs
 * take much of the traffic; most addresses are seen a handful of times), on
 * 443 mostly, some 80 and 8443.
 * @param {Random} rnd
 * @param {number} n
 */
export function destinationPool(rnd, n) {
  /** @type {Destination[]} */
  const list = [];
  const seen = new Set();
  const firsts = [13, 20, 23, 34, 35, 52, 54, 104, 142, 151, 157, 172, 185, 199, 203, 216];
  while (list.length < n) {
    const a = /** @type {number} */ (firsts[rnd.int(0, firsts.length - 1)]);
    const b = a === 172 ? rnd.int(64, 71) : a === 203 ? rnd.int(1, 112) : a === 185 ? rnd.int(0, 141) : rnd.int(0, 255);
    const ip = `${a}.${b}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`;
    if (seen.has(ip)) continue;
    seen.add(ip);
    const x = rnd.next();
    const [port, service] = x < 0.85 ? [443, 'ssl'] : x < 0.97 ? [80, 'http'] : [8443, 'ssl'];
    list.push(destination(null, [ip], { port, service, out: [1500, 0.8], in: [12_000, 1.3], dur: [2, 1.2] }));
  }
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative[i] = sum += 1 / (i + 1);
  return {
    pick(/** @type {Random} */ r) {
      const x = r.next() * sum;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (/** @type {number} */ (cumulative[mid]) < x) lo = mid + 1;
        else hi = mid;
      }
      return /** @type {Destination} */ (list[lo]);
    },
  };
}

/** The share of the week's traffic in each minute: working hours full, nights and weekends quiet. */
export function minuteWeights(/** @type {number} */ start, /** @type {number} */ end) {
  const weights = [];
  for (let t = start; t < end; t += MINUTE) {
    const d = new Date(t);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const h = d.getUTCHours();
    const day = h >= 8 && h < 18 ? (h === 12 ? 0.6 : 1) : h >= 7 && h < 20 ? 0.4 : 0.08;
    weights.push(weekend ? day * 0.2 : day);
  }
  return weights;
}
