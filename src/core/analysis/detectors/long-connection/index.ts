/**
 * The long-connection detector's pure scoring: total open time per unit
 * graded in RITA v5's steps (1 h, 4 h, 8 h, 12 h), with a score on the
 * shared scale and a sentence. The analysis sums the durations per unit in
 * SQL and hands over one summary per unit.
 */
export {
  checkLongConnectionSettings,
  longConnectionSettings,
  scoreLongConnection,
  type LongConnectionSettings,
  type LongConnectionSummary,
  type LongConnectionVerdict,
} from './score.js';
