/**
 * Severity levels shared by the detectors, and the one score scale they map
 * onto. RITA v5 grades a beacon score of 0.5 / 0.7 / 0.9 / 1.0 as its base
 * (here "info": reported, not alarming), low, medium and high; detectors
 * graded on another quantity (hours of connection) map their own steps onto
 * the same scale with scoreFromSteps, so scores in [0, 1] compare across
 * detectors.
 */

export const severityLevels = ['info', 'low', 'medium', 'high'] as const;
export type Severity = (typeof severityLevels)[number];

/** The least value that earns each level, ascending. Below `info` there is nothing to report. */
export type SeverityThresholds = Readonly<Record<Severity, number>>;

/** RITA v5's thresholds on a score in [0, 1]. */
export const scoreSeverityThresholds: SeverityThresholds = { info: 0.5, low: 0.7, medium: 0.9, high: 1 };

/** Throws a RangeError unless the thresholds are finite and ascending (ties allowed). */
export function checkSeverityThresholds(t: SeverityThresholds, name: string): void {
  let previous = -Infinity;
  for (const level of severityLevels) {
    const v = t[level];
    if (!Number.isFinite(v) || v < previous) {
      throw new RangeError(`${name}.${level} is ${String(v)}: thresholds must be finite and ascending (info <= low <= medium <= high)`);
    }
    previous = v;
  }
}

/** The highest level whose threshold `value` reaches, or null below `info`. */
export function gradeSeverity(value: number, t: SeverityThresholds): Severity | null {
  for (let i = severityLevels.length - 1; i >= 0; i--) {
    const level = severityLevels[i] as Severity;
    if (value >= t[level]) return level;
  }
  return null;
}

/**
 * Maps a value graded by `steps` onto the score scale, piecewise linearly:
 * each step threshold lands on the score threshold of the same level (so
 * the score grades to the same severity as the value), 0 maps to 0, and
 * past the `high` step the score is 1.
 */
export function scoreFromSteps(value: number, steps: SeverityThresholds, scale: SeverityThresholds = scoreSeverityThresholds): number {
  if (!(value > 0)) return 0;
  let fromValue = 0;
  let fromScore = 0;
  for (const level of severityLevels) {
    const toValue = steps[level];
    const toScore = scale[level];
    if (value < toValue) return fromScore + ((value - fromValue) / (toValue - fromValue)) * (toScore - fromScore);
    fromValue = toValue;
    fromScore = toScore;
  }
  return 1;
}
