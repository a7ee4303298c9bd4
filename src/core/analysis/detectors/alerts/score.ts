import type { Evidence } from '../../evidence.js';
import { formatCount, formatScore, formatTimeUtc } from '../explain-format.js';
import type { Severity } from '../severity.js';
import { shownValue } from '../unit-text.js';

/**
 * IDS alerts (Suricata eve.json, mapped CSVs) as evidence with their
 * signature and severity. Suricata's severity is the rule's priority (1 is
 * the highest); CSVs carry words. Both map onto the shared scale.
 */
export interface AlertSettings {
  /** Score per level on the shared scale. */
  readonly scores: Readonly<Record<Severity, number>>;
  /** Level of an alert whose severity is missing or not understood. */
  readonly unknown: Severity;
  /** Tolerance between an alert's time and its connection's (ms): the alert comes during the connection, clocks differ. */
  readonly matchToleranceMs: number;
}

export const alertSettings: AlertSettings = {
  scores: { info: 0.5, low: 0.7, medium: 0.9, high: 1 },
  unknown: 'medium',
  matchToleranceMs: 120_000,
};

const WORDS: Readonly<Record<string, Severity>> = {
  critical: 'high', high: 'high', severe: 'high', major: 'high',
  medium: 'medium', moderate: 'medium', warning: 'medium',
  low: 'low', minor: 'low',
  info: 'info', informational: 'info', notice: 'info',
};

/** Suricata 1 → high, 2 → medium, 3 → low, 4 and more → info; words by meaning; anything else is `unknown`. */
export function alertLevel(severity: string | null, settings: AlertSettings = alertSettings): Severity {
  if (severity === null) return settings.unknown;
  const text = severity.trim().toLowerCase();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= 0 ? settings.unknown : n === 1 ? 'high' : n === 2 ? 'medium' : n === 3 ? 'low' : 'info';
  }
  return WORDS[text] ?? settings.unknown;
}

export interface AlertSummary {
  readonly signature: string;
  readonly signatureId: string | null;
  readonly category: string | null;
  readonly severity: string | null;
  /** How many alerts of this signature the unit has, and the first and last (epoch ms). */
  readonly count: number;
  readonly first: number;
  readonly last: number;
  /** Whether the alerts were matched to the unit's connections (else attached by address alone). */
  readonly matched: boolean;
}

export function scoreAlert(a: AlertSummary, settings: AlertSettings = alertSettings): Evidence {
  if (!(Number.isInteger(a.count) && a.count >= 1)) throw new RangeError(`alert count ${String(a.count)} is not a whole number >= 1`);
  const level = alertLevel(a.severity, settings);
  const score = settings.scores[level];
  const times = a.count === 1 ? `at ${formatTimeUtc(a.first)}` : `${formatCount(a.count)} times from ${formatTimeUtc(a.first)} to ${formatTimeUtc(a.last)}`;
  const what = `alert "${shownValue(a.signature, 160)}"${a.category ? ` (${shownValue(a.category)})` : ''}`;
  const sev = a.severity === null ? 'no severity given' : `severity ${shownValue(a.severity, 20)}, ${level}`;
  const how = a.matched ? '' : '; no connection of the case matched it, attached by address';
  return {
    kind: 'alert',
    score,
    severity: level,
    text: `${what}, ${sev}, ${times}${how}, alert score ${formatScore(score)}`,
    facts: { signature: a.signature, signatureId: a.signatureId, category: a.category, alertSeverity: a.severity, count: a.count, first: a.first, last: a.last, matched: a.matched },
  };
}
