import { medianSorted } from '../../stats/index.js';
import { gradeSeverity } from '../severity.js';
import { explainIneligible, explainScored, explainStrobe } from './explain.js';
import { histogramScores, type DatasetSpan } from './histogram.js';
import { regularitySorted, topValuesSorted } from './regularity.js';
import { beaconSettings, checkBeaconSettings, type BeaconSettings } from './settings.js';
import { peakWithinWindow } from './strobe.js';
import { weightedTotal } from './total.js';
import type { BeaconVerdict } from './verdict.js';

/**
 * RITA v5's beacon score for one unit, from its connection times and sizes.
 *
 * Cost: O(n) to copy and check the times, O(n log n) only for sorting the
 * gaps and sizes (typed-array sorts, no comparator calls), O(n) for the
 * rest; timestamps that arrive sorted (the analysis reads them in (unit,
 * time) order from an index) are not sorted again. A scorer keeps its
 * scratch buffers between units, so scoring 100k small units allocates
 * little beyond the verdicts.
 */

const TOP_VALUES = 5;
const DAY = 86_400;

export interface BeaconScorer {
  /**
   * `timestamps`: seconds since the epoch, any order, within the dataset's
   * span; taken as whole seconds (floored), as RITA does. `bytes`: one count
   * per connection (bytes the source sent), NaN where unknown, or null when
   * the source has none (Sysmon).
   */
  score(timestamps: ArrayLike<number>, bytes?: ArrayLike<number> | null): BeaconVerdict;
}

export function createBeaconScorer(span: DatasetSpan, settings: BeaconSettings = beaconSettings): BeaconScorer {
  checkBeaconSettings(settings);
  if (!Number.isFinite(span.start) || !Number.isFinite(span.end) || span.end < span.start) {
    throw new RangeError(`dataset span ${String(span.start)}..${String(span.end)} is not a finite range of seconds`);
  }
  const whole: DatasetSpan = { start: Math.floor(span.start), end: Math.floor(span.end) };
  let times = new Float64Array(1024);
  let gaps = new Float64Array(1024);
  let sizes = new Float64Array(1024);

  function grow(n: number): void {
    if (n <= times.length) return;
    const size = 2 ** Math.ceil(Math.log2(n));
    times = new Float64Array(size);
    gaps = new Float64Array(size);
    sizes = new Float64Array(size);
  }

  /** Copies the times as whole seconds, checking each; sorts the copy only if it is out of order. */
  function loadTimes(timestamps: ArrayLike<number>, n: number): void {
    let sorted = true;
    let previous = -Infinity;
    for (let i = 0; i < n; i++) {
      const t = Math.floor(timestamps[i] as number);
      if (!(t >= whole.start && t <= whole.end)) {
        throw new RangeError(`timestamp ${String(timestamps[i])} at index ${i} lies outside the dataset span ${whole.start}..${whole.end}`);
      }
      if (t < previous) sorted = false;
      times[i] = previous = t;
    }
    if (!sorted) times.subarray(0, n).sort();
  }

  /** Non-zero gaps between consecutive times into `gaps`, sorted; returns how many. */
  function loadGaps(n: number): number {
    let m = 0;
    for (let i = 1; i < n; i++) {
      const d = (times[i] as number) - (times[i - 1] as number);
      if (d > 0) gaps[m++] = d;
    }
    gaps.subarray(0, m).sort();
    return m;
  }

  /** Known sizes into `sizes`, sorted; returns how many (NaN is unknown). */
  function loadSizes(bytes: ArrayLike<number>, n: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const b = bytes[i] as number;
      if (Number.isNaN(b)) continue;
      if (!(b >= 0 && b < Infinity)) throw new RangeError(`byte count ${String(b)} at index ${i} is not a count`);
      sizes[k++] = b;
    }
    sizes.subarray(0, k).sort();
    return k;
  }

  return {
    score(timestamps, bytes) {
      const n = timestamps.length;
      if (bytes && bytes.length !== n) throw new RangeError(`${bytes.length} byte counts for ${n} timestamps: one per connection`);
      grow(n);
      loadTimes(timestamps, n);
      const firstSeen = n > 0 ? (times[0] as number) : whole.start;
      const lastSeen = n > 0 ? (times[n - 1] as number) : whole.start;

      if (n >= settings.strobePerDay) {
        const peakPerDay = peakWithinWindow(times, n, DAY);
        if (peakPerDay >= settings.strobePerDay) {
          const explanation = explainStrobe(n, peakPerDay, firstSeen, lastSeen);
          return { kind: 'strobe', score: 1, severity: 'high', connections: n, peakPerDay, firstSeen, lastSeen, explanation };
        }
      }

      const m = loadGaps(n);
      if (n < settings.minConnections || m < settings.minIntervals) {
        return { kind: 'ineligible', connections: n, intervals: m, explanation: explainIneligible(n, m, settings) };
      }
      const gapView = gaps.subarray(0, m);
      const ts = regularitySorted(gapView, 1);

      const k = bytes ? loadSizes(bytes, n) : 0;
      const sizeView = sizes.subarray(0, k);
      const size = k >= 3 ? regularitySorted(sizeView, 0) : null;
      const bytesLeftOut = k === 0 && settings.bytesUnknown === 'reweight';
      // RITA needs three sizes for the statistic; fewer known sizes score 0, as in RITA.
      const ds = bytesLeftOut ? null : (size?.score ?? 0);

      const h = histogramScores(times, n, whole, settings);
      const subscores = { ts: ts.score, ds, dur: h.dur, hist: h.hist };
      const score = weightedTotal(subscores, settings.weights);
      const severity = gradeSeverity(score, settings.severity);

      const evidence = {
        connections: n,
        firstSeen,
        lastSeen,
        intervals: {
          count: m,
          min: gapView[0] as number,
          q1: ts.q1,
          median: ts.median,
          q3: ts.q3,
          max: gapView[m - 1] as number,
          mad: ts.mad,
          spread: ts.mad / ts.median,
          skew: ts.skew,
          top: topValuesSorted(gapView, TOP_VALUES),
        },
        sizes: k > 0 ? { count: k, median: size?.median ?? medianSorted(sizeView), mad: size?.mad ?? 0, skew: size?.skew ?? 0, top: topValuesSorted(sizeView, TOP_VALUES) } : null,
        histogram: {
          start: whole.start,
          binSeconds: h.binSeconds,
          counts: h.counts,
          nonEmptyBins: h.nonEmptyBins,
          longestRun: h.longestRun,
          cvScore: h.cvScore,
          bimodalFit: h.bimodalFit,
          coverage: h.coverage,
          consistency: h.consistency,
        },
      };
      return {
        kind: 'beacon',
        score,
        severity,
        subscores,
        evidence,
        explanation: explainScored(evidence, score, severity !== null, bytesLeftOut),
      };
    },
  };
}

/** Scores one unit with a scorer of its own: for single questions and tests; loops use createBeaconScorer. */
export function scoreBeacon(
  unit: { timestamps: ArrayLike<number>; bytes?: ArrayLike<number> | null },
  span: DatasetSpan,
  settings: BeaconSettings = beaconSettings,
): BeaconVerdict {
  return createBeaconScorer(span, settings).score(unit.timestamps, unit.bytes);
}
