/**
 * Signature-free detectors, one folder each: `<name>/score.ts` is pure
 * scoring over per-unit summaries (tested without a database); `query.ts`
 * beside it reads a case and hands those summaries over. Shared here: the
 * severity levels and the one score scale every detector maps onto, and
 * how numbers read in explanations.
 */
export { checkSeverityThresholds, gradeSeverity, scoreFromSteps, scoreSeverityThresholds, severityLevels, type Severity, type SeverityThresholds } from './severity.js';
export { formatBytes, formatCount, formatDay, formatDuration, formatPercent, formatPeriod, formatScore, formatTimeUtc } from './explain-format.js';
export * as beacon from './beacon/index.js';
export * as longConnection from './long-connection/index.js';
export * as volume from './volume/index.js';
export * as newAndRare from './new-and-rare/index.js';
export * as newPlace from './new-place/index.js';
export * as unusualPort from './unusual-port/index.js';
export * as serviceMisuse from './service-misuse/index.js';
export * as alerts from './alerts/index.js';
export * as earlyDownload from './early-download/index.js';
