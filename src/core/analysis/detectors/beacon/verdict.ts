import type { Severity } from '../severity.js';
import type { ValueCount } from './regularity.js';
import type { BeaconSubscores } from './total.js';

/**
 * What the beacon detector says about one unit (host, process,
 * destination): plain data, ready to cross a worker or IPC boundary. Times
 * are whole seconds since the epoch.
 */
export type BeaconVerdict = BeaconIneligible | BeaconStrobe | BeaconScored;

/** Too few connections or distinct gaps to measure a rhythm. */
export interface BeaconIneligible {
  readonly kind: 'ineligible';
  readonly connections: number;
  /** Non-zero gaps between consecutive connections. */
  readonly intervals: number;
  readonly explanation: string;
}

/** So many connections a day that it cannot be a beacon (RITA's strobe): always high. */
export interface BeaconStrobe {
  readonly kind: 'strobe';
  readonly score: 1;
  readonly severity: 'high';
  readonly connections: number;
  /** Most connections within any 24 hours. */
  readonly peakPerDay: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly explanation: string;
}

export interface BeaconScored {
  readonly kind: 'beacon';
  /** round3 of the weighted sub-scores, in [0, 1]. */
  readonly score: number;
  /** null below the `info` threshold: scored, nothing to report. */
  readonly severity: Severity | null;
  readonly subscores: BeaconSubscores;
  readonly evidence: BeaconEvidence;
  readonly explanation: string;
}

export interface BeaconEvidence {
  readonly connections: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Gaps between consecutive connections, zero gaps (same second) left out. */
  readonly intervals: {
    readonly count: number;
    readonly min: number;
    readonly q1: number;
    readonly median: number;
    readonly q3: number;
    readonly max: number;
    readonly mad: number;
    /** MAD / median: the "±3 %" of the explanation. */
    readonly spread: number;
    readonly skew: number;
    /** The most common gaps, most common first (the first is RITA's "top interval"). */
    readonly top: readonly ValueCount[];
  };
  /** Bytes per connection, over the connections that had a count; null when none had. */
  readonly sizes: {
    readonly count: number;
    readonly median: number;
    readonly mad: number;
    readonly skew: number;
    readonly top: readonly ValueCount[];
  } | null;
  readonly histogram: {
    /** Seconds: the dataset's start, where bin 0 begins. */
    readonly start: number;
    readonly binSeconds: number;
    readonly counts: readonly number[];
    readonly nonEmptyBins: number;
    readonly longestRun: number;
    readonly cvScore: number;
    readonly bimodalFit: number;
    readonly coverage: number;
    readonly consistency: number;
  };
}
