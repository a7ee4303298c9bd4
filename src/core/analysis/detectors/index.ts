/**
 * Signature-free detectors, one folder each: `<name>/score.ts` is pure
 * scoring over per-unit summaries (tested without a database); the queries
 * that read a case and hand those summaries over live beside them. Shared
 * here: the severity levels and the one score scale every detector maps
 * onto, and how numbers read in explanations.
 */
export { checkSeverityThresholds, gradeSeverity, scoreFromSteps, scoreSeverityThresholds, severityLevels, type Severity, type SeverityThresholds } from './severity.js';
export { formatCount, formatDuration, formatPercent, formatPeriod, formatScore } from './explain-format.js';
export * as beacon from './beacon/index.js';
export * as longConnection from './long-connection/index.js';
