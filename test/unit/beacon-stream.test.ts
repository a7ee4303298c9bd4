import { describe, expect, it } from 'vitest';
import { createBeaconStream, scoreBeacon, type BeaconVerdict } from '../../src/core/analysis/detectors/beacon/index.js';
import { mulberry32, randInt } from '../helpers/prng.js';

/*
 * The streaming variant must say exactly what scoring each unit on its own
 * says, for rows read in (unit, time) order, and refuse rows out of that order.
 */

const span = { start: 0, end: 7 * 86_400 };

interface Unit {
  key: string;
  times: number[];
  bytes: Array<number | null>;
}

function randomUnits(seed: number, count: number): Unit[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, (_, u) => {
    const n = randInt(rand, 0, 40);
    const period = randInt(rand, 30, 4000);
    const start = randInt(rand, 0, 86_400);
    const times: number[] = [];
    for (let i = 0, t = start; i < n && t <= span.end; i++, t += period + randInt(rand, -period / 10, period / 10)) times.push(t);
    const sized = rand() < 0.7;
    return { key: `unit-${u}`, times, bytes: times.map(() => (sized ? randInt(rand, 100, 140) : null)) };
  }).filter((u) => u.times.length > 0);
}

describe('createBeaconStream', () => {
  it('gives each unit the verdict scoreBeacon gives it alone', () => {
    const units = randomUnits(5, 300);
    const got = new Map<string, BeaconVerdict>();
    const stream = createBeaconStream<string>(span, (key, verdict) => got.set(key, verdict));
    for (const u of units) u.times.forEach((t, i) => stream.push(u.key, t, u.bytes[i]));
    stream.end();
    expect(got.size).toBe(units.length);
    for (const u of units) {
      const alone = scoreBeacon({ timestamps: u.times, bytes: u.bytes.every((b) => b === null) ? null : u.bytes.map((b) => b ?? NaN) }, span);
      expect(got.get(u.key), u.key).toEqual(alone);
    }
    expect([...got.values()].some((v) => v.kind === 'beacon' && v.severity !== null)).toBe(true);
    expect([...got.values()].some((v) => v.kind === 'ineligible')).toBe(true);
  });

  it('holds a unit larger than its first buffer', () => {
    const times = Array.from({ length: 5000 }, (_, i) => i * 100);
    const got: BeaconVerdict[] = [];
    const stream = createBeaconStream<number>(span, (_, v) => got.push(v));
    for (const t of times) stream.push(7, t, 64);
    stream.end();
    expect(got).toEqual([scoreBeacon({ timestamps: times, bytes: times.map(() => 64) }, span)]);
  });

  it('refuses a unit that comes back after another, and rows after end()', () => {
    const stream = createBeaconStream<string>(span, () => undefined);
    stream.push('a', 0);
    stream.push('b', 0);
    expect(() => stream.push('a', 10)).toThrow(/unit a came back after other units; rows must arrive in \(unit, time\) order/);
    stream.end();
    expect(() => stream.push('c', 0)).toThrow(/push after end/);
  });

  it("names the unit whose rows could not be scored", () => {
    const stream = createBeaconStream<string>(span, () => undefined);
    stream.push('host1|proc|10.0.0.9', 0);
    stream.push('host1|proc|10.0.0.9', span.end + 60);
    expect(() => stream.end()).toThrow(/unit host1\|proc\|10\.0\.0\.9: timestamp 604860 at index 1 lies outside/);
  });
});
