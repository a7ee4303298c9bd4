import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bowleySkew,
  coefficientOfVariation,
  isSortedAscending,
  mad,
  madSorted,
  median,
  percentile,
  quartiles,
  robustBaseline,
  robustZ,
  sortedCopy,
} from '../../src/core/analysis/stats/index.js';
import { mulberry32, pick, randInt } from '../helpers/prng.js';

/*
 * The robust statistics against naive textbook versions (sort with a
 * comparator, slice the halves, build the deviations and sort them), and
 * against the invariances they must have: shifting and scaling the data,
 * reordering it, negating it. Data is integer-valued with many ties, near
 * the edges the beacon score cares about (equal quartiles, IQR near 10), so
 * shifted and scaled results are exact and can be compared with toBe.
 */

const RUNS = 1200;

type Gen = (rand: () => number) => number[];

const generators: Record<string, Gen> = {
  'small integers with ties': (rand) => Array.from({ length: randInt(rand, 0, 40) }, () => randInt(rand, 0, 12)),
  'intervals near a period': (rand) => {
    const period = pick(rand, [60, 300, 600, 3600]);
    return Array.from({ length: randInt(rand, 0, 60) }, () => period + randInt(rand, -15, 15));
  },
  'wide range': (rand) => Array.from({ length: randInt(rand, 0, 30) }, () => randInt(rand, -1_000_000, 1_000_000)),
  'two clusters': (rand) => Array.from({ length: randInt(rand, 0, 30) }, () => (rand() < 0.5 ? 98 : 300) + randInt(rand, 0, 2)),
};

function each(run: (values: number[], label: string, rand: () => number) => void): void {
  for (const [name, gen] of Object.entries(generators)) {
    const rand = mulberry32(name.length * 7919);
    for (let i = 0; i < RUNS; i++) {
      const values = gen(rand);
      run(values, `${name}: ${JSON.stringify(values)}`, rand);
    }
  }
}

// ---- naive reference implementations ----
const naiveSort = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
function naiveMedian(xs: number[]): number {
  const s = naiveSort(xs);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
function naiveQuartiles(xs: number[]): [number, number, number] {
  const s = naiveSort(xs);
  if (s.length <= 1) return [naiveMedian(s), naiveMedian(s), naiveMedian(s)];
  const half = Math.floor(s.length / 2);
  return [naiveMedian(s.slice(0, half)), naiveMedian(s), naiveMedian(s.slice(s.length - half))];
}
const naiveMad = (xs: number[]): number => {
  const m = naiveMedian(xs);
  return naiveMedian(xs.map((x) => Math.abs(x - m)));
};
function naivePercentile(xs: number[], p: number): number {
  const s = naiveSort(xs);
  if (s.length === 0) return NaN;
  const h = ((s.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}
function naiveCv(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (m === 0) return NaN;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length) / Math.abs(m);
}

/** Equal up to a relative rounding error (CV and z divide by values that can be near 0). */
const expectNear = (got: number, want: number, label: string): void => {
  expect(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${label}: ${got} vs ${want}`).toBe(true);
};

const q = (xs: number[]): [number, number, number] => {
  const r = quartiles(xs);
  return [r.q1, r.q2, r.q3];
};

describe('stats agree with naive sort-based versions', () => {
  it('median, quartiles (median of halves), MAD, percentiles and CV, on plain and typed arrays', () => {
    each((values, label, rand) => {
      expect(median(values), label).toBe(naiveMedian(values));
      expect(median(Float64Array.from(values)), label).toBe(naiveMedian(values));
      expect(median(Int32Array.from(values)), label).toBe(naiveMedian(values));
      expect(q(values), label).toEqual(naiveQuartiles(values));
      expect(mad(values), label).toBe(naiveMad(values));
      const p = pick(rand, [0, 1, 5, 25, 33.3, 50, 75, 90, 95, 99, 100]);
      const want = naivePercentile(values, p);
      if (Number.isNaN(want)) expect(percentile(values, p), label).toBeNaN();
      else expect(percentile(values, p), `${label} p${p}`).toBeCloseTo(want, 9);
      const cv = naiveCv(values);
      if (Number.isNaN(cv)) expect(coefficientOfVariation(values), label).toBeNaN();
      else expectNear(coefficientOfVariation(values), cv, label);
    });
  });

  it('madSorted with the median given equals MAD of the unsorted values', () => {
    each((values, label) => {
      const sorted = sortedCopy(values);
      expect(madSorted(sorted, median(values)), label).toBe(naiveMad(values));
    });
  });

  const db = new Database(':memory:');
  afterAll(() => db.close());
  it("percentile and median agree with SQLite's own aggregates", () => {
    db.exec('CREATE TABLE v (x REAL)');
    const insert = db.prepare('INSERT INTO v VALUES (?)');
    const rand = mulberry32(99);
    for (let run = 0; run < 300; run++) {
      const values = pick(rand, Object.values(generators))(rand);
      if (values.length === 0) continue;
      db.exec('DELETE FROM v');
      for (const x of values) insert.run(x);
      const p = pick(rand, [0, 10, 25, 50, 75, 90, 100]);
      const row = db.prepare('SELECT median(x) AS m, percentile(x, ?) AS p FROM v').get(p) as { m: number; p: number };
      expect(median(values), JSON.stringify(values)).toBe(row.m);
      expect(percentile(values, p), `${JSON.stringify(values)} p${p}`).toBeCloseTo(row.p, 9);
    }
  });
});

describe('stats: invariances', () => {
  it('shift: location statistics move with the data, spread and shape do not', () => {
    each((values, label, rand) => {
      const c = randInt(rand, -5000, 5000);
      const shifted = values.map((x) => x + c);
      expect(median(shifted), label).toBe(median(values) + c);
      expect(q(shifted), label).toEqual(q(values).map((x) => x + c));
      expect(mad(shifted), label).toBe(mad(values));
      expect(bowleySkew(quartiles(shifted)), label).toBe(bowleySkew(quartiles(values)));
    });
  });

  it('scale: k > 0 scales location and spread, leaves skew (without the IQR floor), CV and robust z alone', () => {
    each((values, label, rand) => {
      const k = randInt(rand, 1, 50);
      const scaled = values.map((x) => x * k);
      expect(median(scaled), label).toBe(median(values) * k);
      expect(q(scaled), label).toEqual(q(values).map((x) => x * k));
      expect(mad(scaled), label).toBe(mad(values) * k);
      expect(bowleySkew(quartiles(scaled), 0), label).toBeCloseTo(bowleySkew(quartiles(values), 0), 12);
      const cv = coefficientOfVariation(values);
      if (Number.isNaN(cv)) expect(coefficientOfVariation(scaled)).toBeNaN();
      else expectNear(coefficientOfVariation(scaled), cv, label);
      if (values.length > 0) {
        const x = pick(rand, values);
        const z = robustZ(x, robustBaseline(values));
        const zScaled = robustZ(x * k, robustBaseline(scaled));
        if (Number.isFinite(z)) expectNear(zScaled, z, label);
        else expect(zScaled, label).toBe(z);
      }
    });
  });

  it('negation mirrors the quartiles and flips the sign of the skew', () => {
    each((values, label) => {
      const negated = values.map((x) => -x);
      const [q1, q2, q3] = q(values);
      expect(q(negated).map((x) => x + 0), label).toEqual([-q3 + 0, -q2 + 0, -q1 + 0]);
      expect(bowleySkew(quartiles(negated), 0) + 0, label).toBeCloseTo(-bowleySkew(quartiles(values), 0), 12);
    });
  });

  it('order does not matter, and inputs are never written to', () => {
    each((values, label, rand) => {
      const shuffled = [...values];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = randInt(rand, 0, i);
        [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
      }
      const before = [...shuffled];
      const typed = Float64Array.from(shuffled);
      expect(median(shuffled), label).toBe(median(values));
      expect(q(shuffled), label).toEqual(q(values));
      expect(mad(typed), label).toBe(mad(values));
      percentile(typed, 50);
      robustBaseline(shuffled);
      expect(shuffled, label).toEqual(before);
      expect(Array.from(typed), label).toEqual(before);
    });
  });
});

describe('stats: bounds', () => {
  it('quartiles and percentiles stay within [min, max], in order; MAD within [0, range]; |skew| <= 1', () => {
    each((values, label, rand) => {
      if (values.length === 0) return;
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const [q1, q2, q3] = q(values);
      expect(lo <= q1 && q1 <= q2 && q2 <= q3 && q3 <= hi, label).toBe(true);
      const m = mad(values);
      expect(m >= 0 && m <= hi - lo, label).toBe(true);
      expect(Math.abs(bowleySkew(quartiles(values), 0)) <= 1, label).toBe(true);
      const ps = [randInt(rand, 0, 100), randInt(rand, 0, 100)].sort((a, b) => a - b) as [number, number];
      const [a, b] = [percentile(values, ps[0]), percentile(values, ps[1])];
      expect(lo <= a && a <= b && b <= hi, `${label} p${ps.join(',')}`).toBe(true);
      expect(percentile(values, 0), label).toBe(lo);
      expect(percentile(values, 100), label).toBe(hi);
      expect(percentile(values, 50), label).toBeCloseTo(q2, 9);
      expect(coefficientOfVariation(values) >= 0 || Number.isNaN(coefficientOfVariation(values)), label).toBe(true);
    });
  });

  it('robust z has the sign of x - median and grows with the distance', () => {
    each((values, label, rand) => {
      if (values.length === 0) return;
      const base = robustBaseline(values);
      const x = pick(rand, values);
      const z = robustZ(x, base);
      expect(Math.sign(z), label).toBe(Math.sign(x - base.median));
      const further = x >= base.median ? x + 1 : x - 1;
      expect(Math.abs(robustZ(further, base)) >= Math.abs(z), label).toBe(true);
    });
  });
});

describe('stats: empty, one and two elements', () => {
  it('empty input has no statistics (NaN)', () => {
    expect(median([])).toBeNaN();
    expect(q([])).toEqual([NaN, NaN, NaN]);
    expect(mad([])).toBeNaN();
    expect(percentile([], 50)).toBeNaN();
    expect(coefficientOfVariation([])).toBeNaN();
    expect(robustZ(1, robustBaseline([]))).toBeNaN();
    expect(bowleySkew(quartiles([]))).toBe(0);
  });

  it('one value is its own median and quartiles, with no spread', () => {
    expect(median([7])).toBe(7);
    expect(q([7])).toEqual([7, 7, 7]);
    expect(mad([7])).toBe(0);
    expect(percentile([7], 33)).toBe(7);
    expect(coefficientOfVariation([7])).toBe(0);
    expect(robustZ(7, robustBaseline([7]))).toBe(0);
    expect(robustZ(8, robustBaseline([7]))).toBe(Infinity);
    expect(robustZ(6, robustBaseline([7]))).toBe(-Infinity);
  });

  it('two values: the median is their mean, the quartiles are the values, MAD half the gap', () => {
    expect(median([10, 4])).toBe(7);
    expect(q([10, 4])).toEqual([4, 7, 10]);
    expect(mad([10, 4])).toBe(3);
    expect(percentile([10, 4], 25)).toBe(5.5);
    expect(coefficientOfVariation([10, 4])).toBeCloseTo(3 / 7, 12);
  });

  it('MAD 0 falls back to the mean absolute deviation (·1.2533)', () => {
    // 5 of 7 equal: MAD 0, mean absolute deviation (10 + 4) / 7 = 2.
    const base = robustBaseline([50, 50, 50, 50, 50, 60, 46]);
    expect(base.mad).toBe(0);
    expect(base.meanAbsDev).toBe(2);
    expect(robustZ(60, base)).toBeCloseTo(10 / (2 * Math.sqrt(Math.PI / 2)), 12);
    // With MAD: 0.6745 · (x − median) / MAD.
    expect(robustZ(20, robustBaseline([1, 2, 3, 4, 5]))).toBeCloseTo((0.6745 * 17) / 1, 12);
  });

  it('refuses non-finite values, naming the index', () => {
    expect(() => median([1, NaN, 3])).toThrow(/index 1 is NaN/);
    expect(() => mad([Infinity])).toThrow(/index 0 is Infinity/);
    expect(() => percentile([1, 2], 101)).toThrow(/outside 0\.\.100/);
  });

  it('isSortedAscending accepts ties and finds a descent', () => {
    expect(isSortedAscending([])).toBe(true);
    expect(isSortedAscending([1, 1, 2])).toBe(true);
    expect(isSortedAscending([1, 3, 2])).toBe(false);
    expect(isSortedAscending([1, 3, 2], 2)).toBe(true);
  });
});

describe("Bowley skew: RITA v5's rules", () => {
  it('is 0 below an IQR of 10, or when the median equals a quartile', () => {
    // Vectors from RITA v5's unit tests (analysis/beacons_test.go), restated.
    expect(bowleySkew(quartiles([98, 99, 99, 100, 100, 100, 101, 101, 102]))).toBe(0); // IQR 2
    expect(bowleySkew(quartiles([7, 8, 7, 8, 7, 8, 7, 8, 7]))).toBe(0); // Q1 = Q2
    expect(bowleySkew(quartiles([1, 1, 2, 2, 2, 2]), 0)).toBe(0); // Q2 = Q3
    expect(bowleySkew(quartiles([1, 299, 25, 4975, 90, 2, 42, 500, 1500]))).toBeCloseTo(833.5 / 986.5, 12);
    expect(bowleySkew(quartiles([524885, 1, 5000, 98654, 50, 41, 965842, 3]))).toBeCloseTo(306741.5 / 311747.5, 12);
  });

  it('takes effect from an IQR of exactly the floor', () => {
    // Quartiles 0, 2, 10: IQR 10 -> (0 + 10 - 4) / 10.
    expect(bowleySkew({ q1: 0, q2: 2, q3: 10 })).toBeCloseTo(0.6, 12);
    expect(bowleySkew({ q1: 0, q2: 2, q3: 9.5 })).toBe(0);
  });
});
