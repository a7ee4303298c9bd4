import type { DatasetSpan } from './histogram.js';
import { createBeaconScorer } from './score.js';
import { beaconSettings, type BeaconSettings } from './settings.js';
import type { BeaconVerdict } from './verdict.js';

/**
 * Beacon scoring fed row by row, for a query that reads connections in
 * (unit, time) order from an index: each unit is scored as soon as the next
 * one starts, so only one unit's times are held at a time (a million rows
 * never become a million objects). Units must arrive whole: a unit seen
 * again after another one is refused, since its first part was already
 * scored.
 */
export interface BeaconStream<K> {
  /** One connection: its unit's key, time in seconds, bytes the source sent (null or NaN when unknown). */
  push(unit: K, time: number, bytes?: number | null): void;
  /** Scores the last unit. Pushing after end() is an error. */
  end(): void;
}

export function createBeaconStream<K extends string | number>(
  span: DatasetSpan,
  onUnit: (unit: K, verdict: BeaconVerdict) => void,
  settings: BeaconSettings = beaconSettings,
): BeaconStream<K> {
  const scorer = createBeaconScorer(span, settings);
  const done = new Set<K>();
  let times = new Float64Array(1024);
  let sizes = new Float64Array(1024);
  let n = 0;
  let anySize = false;
  let current: K | undefined;
  let ended = false;

  function flush(): void {
    if (current === undefined) return;
    let verdict: BeaconVerdict;
    try {
      verdict = scorer.score(times.subarray(0, n), anySize ? sizes.subarray(0, n) : null);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new RangeError(`beacon stream: unit ${String(current)}: ${error.message}`, { cause: error });
    }
    done.add(current);
    onUnit(current, verdict);
    n = 0;
    anySize = false;
  }

  return {
    push(unit, time, bytes) {
      if (ended) throw new Error('beacon stream: push after end()');
      if (unit !== current) {
        if (done.has(unit)) throw new RangeError(`beacon stream: unit ${String(unit)} came back after other units; rows must arrive in (unit, time) order`);
        flush();
        current = unit;
      }
      if (n === times.length) {
        const bigger = new Float64Array(n * 2);
        bigger.set(times);
        times = bigger;
        const biggerSizes = new Float64Array(n * 2);
        biggerSizes.set(sizes);
        sizes = biggerSizes;
      }
      times[n] = time;
      const known = bytes !== null && bytes !== undefined && !Number.isNaN(bytes);
      sizes[n] = known ? bytes : NaN;
      anySize ||= known;
      n++;
    },
    end() {
      if (ended) return;
      flush();
      ended = true;
    },
  };
}
