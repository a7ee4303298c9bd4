import type Database from 'better-sqlite3';
import type { EvidenceKind } from '../../shared/analysis-types.js';
import type { Severity } from './detectors/severity.js';

/**
 * What every part of the analysis hands to the scorer: evidence about one
 * unit. A unit is (host, process image, destination address); image '' stands
 * for "no process" (sensor flows without an endpoint event). The one
 * definition of which events count (a sensor flow joined to an endpoint event
 * is not counted twice) is COUNTED_IN_GRAPH in telemetry/edge-refresh.ts:
 * every detector query filters on it.
 */
export interface UnitKey {
  readonly host: string;
  /** The process image path as imported; '' when the connection has no process. */
  readonly image: string;
  readonly dstIp: string;
}

export { evidenceKinds, type EvidenceKind } from '../../shared/analysis-types.js';

/** A fact behind an explanation: numbers stay numbers so reports and the UI can show them their own way. */
export type FactValue = string | number | boolean | null;

export interface Evidence {
  readonly kind: EvidenceKind;
  /**
   * This evidence's contribution in [0, 1] on the shared scale (severity.ts:
   * 0.5 info, 0.7 low, 0.9 medium, 1 high). 'suppressed' evidence scores 0:
   * it explains why something that looked bad is not counted.
   */
  readonly score: number;
  readonly severity: Severity | null;
  /** One plain sentence with its numbers, e.g. "every ~600 s (±3 %) over 6 days, beacon score 0.93". */
  readonly text: string;
  readonly facts: Readonly<Record<string, FactValue>>;
  /** When the evidence is about one destination port only (an unusual port); absent: the whole unit. */
  readonly dstPort?: number;
}

export interface UnitEvidence extends UnitKey {
  readonly evidence: Evidence;
}

/** The analysed time span of a case, epoch ms, and where its baseline ends. */
export interface AnalysisWindow {
  /** First and last counted connection of the case. */
  readonly start: number;
  readonly end: number;
  /**
   * Connections before this time form the baseline ("what is normal"); a
   * first contact after it is new. See settings.ts for how it is chosen.
   */
  readonly baselineEnd: number;
}

/**
 * What a detector's query half is given: a read-only connection to the case
 * (the only code that touches raw events goes through it), the window, and a
 * way to report progress and notice cancellation. Queries stay set-based and
 * hand per-unit summaries or top-k rows to the pure scoring half.
 */
export interface DetectorContext {
  readonly db: Database.Database;
  readonly window: AnalysisWindow;
  readonly signal: AbortSignal;
  /** fraction in [0, 1] of this detector's own work. */
  progress(fraction: number): void;
}
