import { formatCount, formatDuration, formatScore } from '../explain-format.js';
import { checkSeverityThresholds, gradeSeverity, scoreFromSteps, type Severity, type SeverityThresholds } from '../severity.js';

/**
 * RITA v5's long connections: a unit (host, process, destination) whose
 * connections add up to hours of open time, the shape of an interactive C2
 * channel or a tunnel. Graded in steps of total duration; the score maps the
 * steps onto the shared score scale, so 8 hours scores what a medium beacon
 * scores.
 */

export interface LongConnectionSettings {
  /** Total seconds of connection that earn each severity (RITA v5: 1 h, 4 h, 8 h, 12 h). */
  readonly steps: SeverityThresholds;
}

const HOUR = 3600;

export const longConnectionSettings: LongConnectionSettings = {
  steps: { info: 1 * HOUR, low: 4 * HOUR, medium: 8 * HOUR, high: 12 * HOUR },
};

export interface LongConnectionSummary {
  /** Sum of the unit's connection durations, seconds. */
  readonly totalSeconds: number;
  readonly connections: number;
  /** The longest single connection, seconds. */
  readonly longestSeconds: number;
}

export interface LongConnectionVerdict {
  /** In [0, 1]: 0 for no time, 0.5 at the first step, 1 from the last. */
  readonly score: number;
  /** null below the first step: nothing to report. */
  readonly severity: Severity | null;
  readonly totalSeconds: number;
  readonly connections: number;
  readonly longestSeconds: number;
  readonly explanation: string;
}

export function checkLongConnectionSettings(s: LongConnectionSettings): void {
  checkSeverityThresholds(s.steps, 'long connection steps');
  if (!(s.steps.info > 0)) throw new RangeError(`long connection steps.info is ${String(s.steps.info)}: it must be above 0 seconds`);
}

export function scoreLongConnection(unit: LongConnectionSummary, settings: LongConnectionSettings = longConnectionSettings): LongConnectionVerdict {
  checkLongConnectionSettings(settings);
  const { totalSeconds, connections, longestSeconds } = unit;
  if (!(totalSeconds >= 0 && totalSeconds < Infinity)) throw new RangeError(`total duration ${String(totalSeconds)} is not a number of seconds`);
  if (!(Number.isInteger(connections) && connections >= 1)) throw new RangeError(`connection count ${String(connections)} is not a whole number >= 1`);
  if (!(longestSeconds >= 0 && longestSeconds <= totalSeconds)) throw new RangeError(`longest connection ${String(longestSeconds)} s is not within 0..${String(totalSeconds)} s`);
  const score = scoreFromSteps(totalSeconds, settings.steps);
  const severity = gradeSeverity(totalSeconds, settings.steps);
  const open =
    connections === 1
      ? `one connection open for ${formatDuration(totalSeconds)}`
      : `open ${formatDuration(totalSeconds)} in total over ${formatCount(connections)} connections (longest ${formatDuration(longestSeconds)})`;
  const explanation = `${open}, long-connection score ${formatScore(score)}`;
  return { score, severity, totalSeconds, connections, longestSeconds, explanation };
}
