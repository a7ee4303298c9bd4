import { describe, expect, it } from 'vitest';
import { bimodalFit, binCounts, histogramScores, longestCircularRun } from '../../src/core/analysis/detectors/beacon/histogram.js';
import { regularitySorted, topValuesSorted } from '../../src/core/analysis/detectors/beacon/regularity.js';
import { weightedTotal } from '../../src/core/analysis/detectors/beacon/total.js';
import { beaconSettings, scoreBeacon, type BeaconScored, type BeaconSettings, type BeaconVerdict } from '../../src/core/analysis/detectors/beacon/index.js';
import { sortedCopy } from '../../src/core/analysis/stats/index.js';
import { mulberry32, randInt } from '../helpers/prng.js';

/*
 * RITA v5's beacon score. The vectors marked RITA are the inputs and
 * expected values of RITA's own unit tests (activecm/rita,
 * analysis/beacons_test.go), restated; the others are derived by hand in the
 * comments beside them.
 */

const T0 = 1517338924;
const DAY = 86_400;
const gapsOf = (ts: number[]): Float64Array => {
  const gaps: number[] = [];
  for (let i = 1; i < ts.length; i++) if ((ts[i] as number) > (ts[i - 1] as number)) gaps.push((ts[i] as number) - (ts[i - 1] as number));
  return sortedCopy(gaps);
};
const settingsWith = (over: Partial<BeaconSettings>): BeaconSettings => ({ ...beaconSettings, ...over });
function scored(v: BeaconVerdict): BeaconScored {
  if (v.kind !== 'beacon') throw new Error(`expected a beacon verdict, got ${v.kind}: ${v.explanation}`);
  return v;
}

describe('timestamp score (RITA vectors)', () => {
  const cases: Array<[string, number[], number, number, number]> = [
    // name, timestamps, score, skew, MAD
    ['simple number list', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1, 0, 0],
    ['perfect 60 s intervals', Array.from({ length: 10 }, (_, i) => T0 + 60 * i), 1, 0, 0],
    ['closely valued intervals', [T0, 1517339022, 1517339121, 1517339220, 1517339320, 1517339420, 1517339520, 1517339621, 1517339722, 1517339824], 0.995, 0, 1],
    ['bimodal 98 / 300 s intervals', [T0, 1517339022, 1517339322, 1517339420, 1517339720, 1517339818, 1517340118, 1517340216, 1517340516, 1517340614, 1517340914], 0.746, 0, 101],
    ['random intervals', [T0, 1517338925, 1517339224, 1517339249, 1517344224, 1517344314, 1517344316, 1517344358, 1517344858, 1517346358], 0.083, 0.845, 89],
  ];
  for (const [name, ts, score, skew, mad] of cases) {
    it(name, () => {
      const r = regularitySorted(gapsOf(ts), 1);
      expect(r.score).toBe(score);
      expect(r.skew).toBeCloseTo(skew, 3);
      expect(r.mad).toBe(mad);
    });
  }

  it('the most common gaps, most common first, ties to the smaller (RITA mode)', () => {
    const bimodal = cases[3]?.[1] as number[];
    expect(topValuesSorted(gapsOf(bimodal), 5)).toEqual([{ value: 98, count: 5 }, { value: 300, count: 5 }]);
    expect(topValuesSorted(sortedCopy([1, 2, 2, 3, 3, 3, 4, 5, 5]), 2)).toEqual([{ value: 3, count: 3 }, { value: 2, count: 2 }]);
    expect(topValuesSorted(sortedCopy([]), 3)).toEqual([]);
  });

  it('the most common values agree with counting and sorting, on random data', () => {
    const rand = mulberry32(17);
    for (let run = 0; run < 2000; run++) {
      const values = Array.from({ length: randInt(rand, 0, 30) }, () => randInt(rand, 0, 8));
      const k = randInt(rand, 1, 6);
      const counts = new Map<number, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      const want = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value - b.value).slice(0, k);
      expect(topValuesSorted(sortedCopy(values), k), `${JSON.stringify(values)} k=${k}`).toEqual(want);
    }
  });
});

describe('data-size score (RITA vectors, MAD score 0 below a median of 1)', () => {
  const cases: Array<[number[], number, number, number]> = [
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.773, 0, 2.5],
    [[60, 60, 60, 60, 60, 60, 60, 60, 60], 1, 0, 0],
    [[98, 99, 99, 100, 100, 100, 101, 101, 102], 0.995, 0, 1],
    [[524885, 1, 5000, 98654, 50, 41, 965842, 3], 0.008, 0.984, 2523],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.5, 0, 0],
  ];
  for (const [sizes, score, skew, mad] of cases) {
    it(JSON.stringify(sizes), () => {
      const r = regularitySorted(sortedCopy(sizes), 0);
      expect(r.score).toBe(score);
      expect(r.skew).toBeCloseTo(skew, 3);
      expect(r.mad).toBe(mad);
    });
  }

  it('MAD score (median − MAD) / median (RITA vectors)', () => {
    expect(regularitySorted(sortedCopy([1, 2, 2, 3, 3, 3, 4, 5, 5]), 1).madScore).toBeCloseTo(0.6667, 4);
    expect(regularitySorted(sortedCopy([11, 12, 12, 14, 15, 16]), 1).madScore).toBeCloseTo(0.8846, 4);
    expect(regularitySorted(sortedCopy([4000, 2500, 2000, 1500, 5500, 3500, 1000, 4500, 5000, 3000]), 1).madScore).toBeCloseTo(0.6154, 4);
    // Median below 1: MAD / median means nothing, the default stands (RITA: 1 for gaps, 0 for sizes).
    expect(regularitySorted(sortedCopy(Array<number>(10).fill(0)), 1).score).toBe(1);
    expect(regularitySorted(sortedCopy([0, 0, 1, 1]), 1).madScore).toBe(1);
    expect(regularitySorted(sortedCopy([0, 0, 1, 1]), 0).madScore).toBe(0);
    // Q1 = Q2 and Q2 = Q3: skew not computed, MAD 0 -> 1 (RITA's "unreliable skew" vectors).
    expect(regularitySorted(sortedCopy([7, 8, 7, 8, 7, 8, 7, 8, 7]), 1).score).toBe(1);
    expect(regularitySorted(sortedCopy([1, 1, 2, 2, 2, 2]), 1).score).toBe(1);
  });
});

describe('histogram score (RITA vectors)', () => {
  const rita = (bins: number, minBins = 6): BeaconSettings => settingsWith({ histogramBins: bins, bimodalMinBins: minBins });
  const run = (ts: number[], start: number, end: number, s: BeaconSettings) => histogramScores(sortedCopy(ts), ts.length, { start, end }, s);
  const steps = (n: number) => Array.from({ length: n }, (_, i) => i + 1).flatMap((v) => Array<number>(v).fill(v));

  it('a rising staircase: CV 0.522, bimodal fit 2/9', () => {
    const h = run(steps(10), 1, 11, rita(10));
    expect(h.counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([h.nonEmptyBins, h.longestRun, h.hist]).toEqual([10, 10, 0.478]);
  });

  it('one connection an hour over a day: flat, score 1', () => {
    const h = run(Array.from({ length: 24 }, (_, i) => T0 + i * 3600), T0, T0 + DAY, rita(24, 11));
    expect(h.counts).toEqual(Array<number>(24).fill(1));
    expect([h.nonEmptyBins, h.longestRun, h.hist]).toEqual([24, 24, 1]);
  });

  it('closely valued timestamps on half-second bins; the last one on the last edge', () => {
    const h = run([98, 99, 99, 100, 100, 100, 101, 101, 102], 98, 102, rita(8));
    expect(h.counts).toEqual([1, 0, 2, 0, 3, 0, 2, 1]);
    expect([h.nonEmptyBins, h.longestRun, h.hist]).toEqual([5, 3, 0.064]);
  });

  it('CV above 1 scores 0', () => {
    const h = run([524885, 1, 5000, 98654, 50, 41, 965842, 3, 12001, 200400, 104001, 199999], 0, 1_000_000, rita(10));
    expect(h.counts).toEqual([7, 2, 1, 0, 0, 1, 0, 0, 0, 1]);
    expect([h.nonEmptyBins, h.longestRun, h.hist]).toEqual([5, 4, 0]);
  });

  it('two steady levels: the bimodal fit scores 1 where CV gives 0.4', () => {
    const ts = [1, 2, 3, 4, 15, 21, 22, 23, 24, 35, 41, 42, 43, 44, 55, 61, 62, 63, 64, 75, 81, 82, 83, 84, 95];
    const h = run(ts, 0, 100, rita(10));
    expect(h.counts).toEqual([4, 1, 4, 1, 4, 1, 4, 1, 4, 1]);
    expect([h.cvScore, h.bimodalFit, h.hist]).toEqual([0.4, 1, 1]);
  });

  it('gaps, and a run that wraps from the last bin to the first', () => {
    const h = run([10, 20, 100, 110, 110, 220], 0, 250, rita(5));
    expect(h.counts).toEqual([2, 0, 3, 0, 1]);
    expect([h.nonEmptyBins, h.longestRun, h.hist]).toEqual([3, 2, 0.028]);
  });

  it('a single bar scores 0', () => {
    const h = run(Array.from({ length: 10 }, (_, i) => T0 + 60 * i), T0, T0 + DAY, rita(24, 11));
    expect(h.counts[0]).toBe(10);
    expect([h.nonEmptyBins, h.longestRun, h.hist]).toEqual([1, 1, 0]);
  });

  it('bimodal fit buckets bin heights ceil(tallest · sensitivity) wide (RITA vectors)', () => {
    const fit = (counts: number[], sensitivity: number, minBins = 3) => bimodalFit(counts, { bimodalSensitivity: sensitivity, bimodalOutlierRemoval: 1, bimodalMinBins: minBins });
    const flat = [9, 10, 11, 10, 11, 9, 10, 11, 10, 9];
    const low = [3, 2, 3, 2, 3, 2, 3, 2, 3, 2];
    // Width ceil(11 · 0.3) = 4: heights 9-11 in bucket 2, 2-3 in bucket 0: (10 + 10) / 19, capped at 1.
    expect(fit([...flat, ...low], 0.3)).toBe(1);
    // Width 1: heights 9 ×3, 10 ×4, 11 ×3, 2 ×5, 3 ×5: (5 + 5) / 19.
    expect(fit([...flat, ...low], 0.05)).toBe(0.526);
    // Width ceil(705 · 0.1) = 71: four buckets of three bins: (3 + 3) / 11.
    expect(fit([100, 105, 100, 300, 305, 300, 500, 505, 500, 700, 705, 700], 0.1)).toBe(0.545);
    // Width 1: 50 bins of height 1 and 30 of 2, beside 1 of 3 and 2 of 4: (50 + 30) / 82.
    expect(fit([...Array<number>(50).fill(1), ...Array<number>(30).fill(2), 3, 4, 4], 0.05)).toBe(0.976);
    // Fewer non-empty bins than the minimum: no fit.
    expect(fit([2, 3, 2, 3, 2], 0.05, 11)).toBe(0);
  });

  it('longest run of non-empty bins, wrapping (RITA vectors)', () => {
    expect(longestCircularRun([2002, 2000, 1999, 2005, 1990, 0, 0, 0, 0, 0, 0, 2000, 2001, 2002, 2003, 2004])).toBe(10);
    expect(longestCircularRun([2, 0, 2, 0, 2, 0, 2, 0, 2, 0])).toBe(1);
    expect(longestCircularRun([2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 0])).toBe(5);
    expect(longestCircularRun([1, 1, 1])).toBe(3);
    expect(longestCircularRun([0, 0])).toBe(0);
  });

  it('bins: whole-second edges are exact, and the span end falls in the last bin', () => {
    expect(binCounts([0, 3599, 3600, 86399, 86400], 5, { start: 0, end: DAY }, 24)).toEqual([2, 1, ...Array<number>(21).fill(0), 2]);
  });
});

describe('duration score (RITA vectors and hand-derived)', () => {
  const span = { start: T0, end: T0 + DAY };
  const dur = (hours: number[]) => histogramScores(sortedCopy(hours.map((h) => T0 + h * 3600)), hours.length, span, beaconSettings);

  it('full coverage with full consistency', () => {
    const d = dur(Array.from({ length: 25 }, (_, i) => i));
    expect([d.coverage, d.consistency, d.dur]).toEqual([1, 1, 1]);
  });

  it('the second half covered, bins apart: coverage 0.5', () => {
    // Bins 12, 14, 16, 18, 20, 22 and 23 (the span's end): the longest run is 22-23, 2/12.
    const d = dur([12, 14, 16, 18, 20, 22, 24]);
    expect([d.coverage, d.consistency, d.dur]).toEqual([0.5, 0.167, 0.5]);
  });

  it('six consecutive hours: consistency 0.5 beats coverage 0.23', () => {
    // 12:00 to 17:30 is 5.5 h of 24: 0.22916… rounded up to 0.230.
    const d = dur([12, 13, 14, 15, 16, 17.5]);
    expect([d.nonEmptyBins, d.coverage, d.consistency, d.dur]).toEqual([6, 0.23, 0.5, 0.5]);
  });

  it('fewer than six non-empty bins: 0', () => {
    const d = dur([0, 6, 12, 18, 24]); // bins 0, 6, 12, 18 and 23
    expect([d.nonEmptyBins, d.dur]).toEqual([5, 0]);
  });
});

describe('the beacon score', () => {
  it('combines the sub-scores with configurable weights (RITA vectors)', () => {
    const w = (ts: number, ds: number, dur: number, hist: number) => ({ ts, ds, dur, hist });
    expect(weightedTotal(w(0.8, 0.7, 0.6, 0.5), w(0.2, 0.2, 0.3, 0.3))).toBe(0.63);
    expect(weightedTotal(w(1, 1, 1, 1), w(0.1, 0.2, 0.3, 0.4))).toBe(1);
    expect(weightedTotal(w(0.1, 0.2, 0.3, 0.4), w(0.25, 0.25, 0.25, 0.25))).toBe(0.25);
    expect(weightedTotal(w(0.1, 0.2, 0.3, 0.4), w(0.1, 0.2, 0.3, 0.4))).toBe(0.3);
    expect(weightedTotal(w(0.111, 0.222, 0.333, 0.444), w(0.173, 0.325, 0.299, 0.203))).toBe(0.281);
    expect(weightedTotal(w(0.25, 1, 1, 1), w(1, 0, 0, 0))).toBe(0.25);
    // No byte counts: the data-size weight is spread over the other three.
    expect(weightedTotal({ ts: 1, ds: null, dur: 0.5, hist: 0.75 }, w(0.25, 0.25, 0.25, 0.25))).toBe(0.75);
  });

  // Jittered beacon: gaps cycle 590, 600, 610, 595, 605 s from 0 until 6 days: 864 gaps, 865 connections.
  // Gaps: 173 each of 590, 595, 600, 610 and 172 of 605. Median 600, Q1 595, Q3 605: IQR 10, skew 0;
  // deviations 0 ×173, 5 ×345, 10 ×346: MAD 5; ts = round3((1 + 595/600) / 2) = 0.996.
  // Bins of 6 h hold 35-37 connections: CV 0.0247 -> 0.975, but heights fall in buckets of 2 (17, 18): fit 1.
  // Coverage 518395 / 518400 rounds up to 1. Total round3((0.996 + 1 + 1 + 1) / 4) = 0.999: medium (high is 1.0).
  const jittered = (() => {
    const cycle = [590, 600, 610, 595, 605];
    const ts = [0];
    for (let i = 0, t = 0; t + (cycle[i % 5] as number) <= 6 * DAY; i++) ts.push((t += cycle[i % 5] as number));
    return ts;
  })();
  const week = { start: 0, end: 6 * DAY };

  it('a jittered beacon over six days, with its evidence and sentence', () => {
    const v = scored(scoreBeacon({ timestamps: jittered, bytes: jittered.map(() => 1200) }, week));
    expect(v.subscores).toEqual({ ts: 0.996, ds: 1, dur: 1, hist: 1 });
    expect([v.score, v.severity]).toEqual([0.999, 'medium']);
    const e = v.evidence;
    expect([e.connections, e.firstSeen, e.lastSeen]).toEqual([865, 0, 518395]);
    expect(e.intervals).toMatchObject({ count: 864, min: 590, q1: 595, median: 600, q3: 605, max: 610, mad: 5, skew: 0 });
    expect(e.intervals.top[0]).toEqual({ value: 590, count: 173 });
    expect(e.sizes).toMatchObject({ count: 865, median: 1200, mad: 0 });
    expect(e.histogram).toMatchObject({ start: 0, binSeconds: 21600, nonEmptyBins: 24, longestRun: 24, cvScore: 0.975, bimodalFit: 1, coverage: 1 });
    expect(e.histogram.counts.reduce((a, b) => a + b, 0)).toBe(865);
    expect(v.explanation).toBe('every ~600 s (±0.8 %) over 6 days, 865 connections, beacon score 0.99');
  });

  it('a perfect beacon scores 1.0, high', () => {
    const ts = Array.from({ length: 865 }, (_, i) => i * 600);
    const v = scored(scoreBeacon({ timestamps: ts, bytes: ts.map(() => 512) }, week));
    expect([v.score, v.severity]).toEqual([1, 'high']);
    expect(v.explanation).toBe('every ~600 s (±0 %) over 6 days, 865 connections, beacon score 1.00');
  });

  it('without byte counts (Sysmon) the timing alone can reach 1; RITA would cap it at 0.75', () => {
    const ts = Array.from({ length: 865 }, (_, i) => i * 600);
    const v = scored(scoreBeacon({ timestamps: ts, bytes: null }, week));
    expect([v.score, v.subscores.ds, v.evidence.sizes]).toEqual([1, null, null]);
    expect(v.explanation).toContain('no byte counts: judged on timing alone');
    const rita = scored(scoreBeacon({ timestamps: ts }, week, settingsWith({ bytesUnknown: 'zero' })));
    expect([rita.score, rita.subscores.ds]).toEqual([0.75, 0]);
    // Some sizes unknown (NaN): the others are judged.
    const partial = scored(scoreBeacon({ timestamps: ts, bytes: ts.map((_, i) => (i % 2 ? NaN : 512)) }, week));
    expect([partial.subscores.ds, partial.evidence.sizes?.count]).toEqual([1, 433]);
  });

  it("the bimodal interval vector scores low, and says there's no steady rhythm", () => {
    // RITA's bimodal gaps over their own span: ts 0.746; sizes 1..11: 0.773 (IQR 5, MAD 3 of median 6: (1 + 0.5) / 2 = 0.75);
    // 11 connections in 24 bins of 100 s: bins 0,3,4,7,8,11,12,15,16,19,23 -> 11 non-empty, runs of 2 (23-0 wraps: 2): dur = coverage 1;
    // CV of 13 zeros and 11 ones: mean 11/24, std sqrt(11/24 · 13/24) -> CV 1.087 > 1: 0; fit: one bucket of 11: 11/10 -> 1.
    const ts = [T0, 1517339022, 1517339322, 1517339420, 1517339720, 1517339818, 1517340118, 1517340216, 1517340516, 1517340614, 1517340914];
    const v = scored(scoreBeacon({ timestamps: ts, bytes: ts.map((_, i) => i + 1) }, { start: T0, end: T0 + 1990 }));
    expect(v.subscores).toEqual({ ts: 0.746, ds: 0.75, dur: 1, hist: 1 });
    expect(v.score).toBe(0.874);
    const noisy = scored(scoreBeacon({ timestamps: ts, bytes: ts.map((_, i) => i + 1) }, { start: T0, end: T0 + 10 * DAY }));
    // Over ten days the same 11 connections sit in one bin: hist 0, dur 0 (coverage 1990 s / 10 days = 0.003 but one bin < 6).
    expect(noisy.subscores).toEqual({ ts: 0.746, ds: 0.75, dur: 0, hist: 0 });
    expect([noisy.score, noisy.severity]).toEqual([0.374, null]);
    expect(noisy.explanation).toBe('no steady rhythm: gaps of ~200 s (±51 %) over 33 min, 11 connections, beacon score 0.37');
  });

  it('random gaps and sizes score near 0', () => {
    const ts = [T0, 1517338925, 1517339224, 1517339249, 1517344224, 1517344314, 1517344316, 1517344358, 1517344858, 1517346358];
    const bytes = [524885, 1, 5000, 98654, 50, 41, 965842, 3, 7, 11];
    const v = scored(scoreBeacon({ timestamps: ts, bytes }, { start: T0, end: T0 + DAY }));
    expect(v.subscores.ts).toBe(0.083);
    expect(v.subscores.dur).toBe(0);
    expect(v.score).toBeLessThan(0.2);
    expect(v.severity).toBe(null);
  });

  it('needs 4 connections and 3 non-zero gaps', () => {
    const span = { start: 0, end: DAY };
    expect(scoreBeacon({ timestamps: [0, 60, 120] }, span)).toEqual({
      kind: 'ineligible',
      connections: 3,
      intervals: 2,
      explanation: '3 connections, 2 non-zero gaps between them: too few to judge a rhythm (needs 4 connections and 3 non-zero gaps)',
    });
    // Ten connections in two seconds: one gap.
    expect(scoreBeacon({ timestamps: [5, 5, 5, 5, 5, 6, 6, 6, 6, 6] }, span)).toMatchObject({ kind: 'ineligible', connections: 10, intervals: 1 });
    expect(scoreBeacon({ timestamps: [] }, span)).toMatchObject({ kind: 'ineligible', connections: 0, intervals: 0 });
    // RITA's vectors: nine connections in one second, and two connections.
    expect(scoreBeacon({ timestamps: Array<number>(9).fill(60) }, span)).toMatchObject({ kind: 'ineligible', connections: 9, intervals: 0 });
    expect(scoreBeacon({ timestamps: [T0, T0 + 1] }, { start: T0, end: T0 + DAY })).toMatchObject({ kind: 'ineligible', connections: 2, intervals: 1 });
    expect(scoreBeacon({ timestamps: [0, 60, 120, 180] }, span).kind).toBe('beacon');
  });

  it('takes whole seconds, in any order, and leaves its inputs alone', () => {
    const span = { start: 0, end: DAY };
    const whole = Array.from({ length: 50 }, (_, i) => i * 1700 + (i % 3));
    const fractional = whole.map((t, i) => t + (i % 10) / 10);
    const shuffled = [...fractional].reverse();
    const bytes = whole.map((_, i) => 300 + (i % 7));
    const before = [...shuffled];
    const reversedBytes = [...bytes].reverse();
    expect(scoreBeacon({ timestamps: shuffled, bytes: reversedBytes }, span)).toEqual(scoreBeacon({ timestamps: whole, bytes }, span));
    expect(scoreBeacon({ timestamps: Float64Array.from(fractional) }, span)).toEqual(scoreBeacon({ timestamps: whole }, span));
    expect(shuffled).toEqual(before);
  });

  it('refuses what cannot be scored, saying why', () => {
    const span = { start: 1000, end: 2000 };
    expect(() => scoreBeacon({ timestamps: [1000, 1100, 2500] }, span)).toThrow(/timestamp 2500 at index 2 lies outside the dataset span 1000\.\.2000/);
    expect(() => scoreBeacon({ timestamps: [1000, NaN] }, span)).toThrow(/timestamp NaN at index 1/);
    expect(() => scoreBeacon({ timestamps: [1000, 1100], bytes: [1] }, span)).toThrow(/1 byte counts for 2 timestamps/);
    expect(() => scoreBeacon({ timestamps: [1000, 1100, 1200, 1300], bytes: [1, -4, 1, 1] }, span)).toThrow(/byte count -4 at index 1/);
    expect(() => scoreBeacon({ timestamps: [] }, { start: 5, end: 4 })).toThrow(/dataset span 5\.\.4/);
    const weights = { ts: 0.3, ds: 0.3, dur: 0.3, hist: 0.3 };
    expect(() => scoreBeacon({ timestamps: [] }, span, settingsWith({ weights }))).toThrow(/weights sum to 1\.2/);
    expect(() => scoreBeacon({ timestamps: [] }, span, settingsWith({ weights: { ...weights, ts: -0.1 } }))).toThrow(/weight ts is -0\.1/);
    expect(() => scoreBeacon({ timestamps: [] }, span, settingsWith({ severity: { info: 0.5, low: 0.9, medium: 0.7, high: 1 } }))).toThrow(/severity\.medium is 0\.7/);
    expect(() => scoreBeacon({ timestamps: [] }, span, settingsWith({ bimodalMinBins: 2 }))).toThrow(/bimodalMinBins is 2/);
  });
});

describe('strobes', () => {
  it('86,400 connections within 24 hours are a strobe, always high', () => {
    // One a second for a day, then quiet: the peak window holds all 86,400.
    const ts = Float64Array.from({ length: 86_400 }, (_, i) => 1000 + i);
    const v = scoreBeacon({ timestamps: ts }, { start: 0, end: 3 * DAY });
    expect(v).toEqual({
      kind: 'strobe',
      score: 1,
      severity: 'high',
      connections: 86_400,
      peakPerDay: 86_400,
      firstSeen: 1000,
      lastSeen: 87_399,
      explanation: 'a strobe: 86,400 connections within 24 h (one every ~1 s), too many for a beacon; 86,400 in all over 24 h',
    });
  });

  it('the same number spread over two days is not', () => {
    // One every 2 s: 43,200 a day at most.
    const ts = Float64Array.from({ length: 86_400 }, (_, i) => i * 2);
    const v = scoreBeacon({ timestamps: ts }, { start: 0, end: 2 * DAY });
    expect(v.kind).toBe('beacon');
  });

  it('the window slides: a strobe across midnight is found whole', () => {
    // 50,000 in the last half of day 1 and 50,000 in the first half of day 2.
    const ts = Float64Array.from({ length: 100_000 }, (_, i) => DAY / 2 + Math.floor(i * 0.8));
    const v = scoreBeacon({ timestamps: ts }, { start: 0, end: 2 * DAY });
    expect(v).toMatchObject({ kind: 'strobe', connections: 100_000, peakPerDay: 100_000 });
    const lower = scoreBeacon({ timestamps: ts }, { start: 0, end: 2 * DAY }, settingsWith({ strobePerDay: 100_001 }));
    expect(lower.kind).toBe('beacon');
  });
});
