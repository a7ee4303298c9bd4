import { bench, describe } from 'vitest';
import { createBeaconScorer, createBeaconStream } from '../../src/core/analysis/detectors/beacon/index.js';
import { mulberry32, randInt } from '../helpers/prng.js';

/*
 * Micro-benchmark of the beacon scorer (not part of npm run bench): the
 * analysis calls it for ~100k units at 1M connections. Run with
 *   npx vitest bench --run --project unit test/unit/beacon-score.bench.ts
 * Each iteration scores every unit once. The floor beside each case does
 * the least any scorer must: copy each unit's times and sort its gaps.
 * Figures from this machine are in the report of the branch that added it.
 */

const WEEK = 7 * 86_400;
const span = { start: 0, end: WEEK };

/** `units` jittered beacons of `n` connections each, times sorted as the (unit, time) index hands them over. */
function makeUnits(seed: number, units: number, n: number): { times: Float64Array[]; bytes: Float64Array[] } {
  const rand = mulberry32(seed);
  const times: Float64Array[] = [];
  const bytes: Float64Array[] = [];
  for (let u = 0; u < units; u++) {
    const period = randInt(rand, 1, Math.floor(WEEK / n));
    const jitter = Math.max(1, Math.floor(period / 20));
    const t = new Float64Array(n);
    const b = new Float64Array(n);
    let at = randInt(rand, 0, WEEK - period * n);
    for (let i = 0; i < n; i++) {
      t[i] = Math.min(WEEK, at);
      b[i] = 200 + randInt(rand, 0, 50);
      at += period + randInt(rand, -jitter, jitter);
    }
    times.push(t);
    bytes.push(b);
  }
  return { times, bytes };
}

function floor(times: Float64Array[]): number {
  let sink = 0;
  for (const t of times) {
    const gaps = new Float64Array(t.length - 1);
    for (let i = 1; i < t.length; i++) gaps[i - 1] = (t[i] as number) - (t[i - 1] as number);
    gaps.sort();
    sink += gaps[gaps.length >> 1] as number;
  }
  return sink;
}

const options = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 };

for (const [units, n] of [
  [100_000, 10],
  [100, 10_000],
] as const) {
  describe(`${units.toLocaleString('en-US')} units of ${n.toLocaleString('en-US')} connections`, () => {
    const data = makeUnits(units + n, units, n);
    const reversed = data.times.map((t) => t.slice().reverse());
    const scorer = createBeaconScorer(span);
    bench('createBeaconScorer().score, sorted times', () => {
      for (let u = 0; u < units; u++) scorer.score(data.times[u] as Float64Array, data.bytes[u]);
    }, options);
    bench('createBeaconScorer().score, times in reverse order', () => {
      for (let u = 0; u < units; u++) scorer.score(reversed[u] as Float64Array, data.bytes[u]);
    }, options);
    bench('createBeaconStream, row by row', () => {
      const stream = createBeaconStream<number>(span, () => undefined);
      for (let u = 0; u < units; u++) {
        const t = data.times[u] as Float64Array;
        const b = data.bytes[u] as Float64Array;
        for (let i = 0; i < n; i++) stream.push(u, t[i] as number, b[i]);
      }
      stream.end();
    }, options);
    bench('floor: copy the times, sort the gaps', () => {
      floor(data.times);
    }, options);
  });
}
