import type { Evidence } from '../../evidence.js';
import { robustBaseline, robustZ } from '../../stats/index.js';
import { formatBytes, formatCount, formatDay, formatDuration, formatPercent, formatScore, formatTimeUtc } from '../explain-format.js';
import { gradeSeverity, scoreFromSteps, scoreSeverityThresholds, type SeverityThresholds } from '../severity.js';
import { shownValue } from '../unit-text.js';
import { checkVolumeSettings, volumeSettings, type VolumeSettings } from './settings.js';

/**
 * Pure scoring of the volume detector over per-unit summaries the query
 * hands over. Each judgement is graded on two quantities (how unusual, and
 * how much) and scores the lesser: a thousandfold jump of a few kilobytes
 * and a gigabyte a process always sends are both unremarkable.
 */

/** One day of a unit (host, process, destination) or of a whole host, against its other active days. */
export interface DailyVolumeSummary {
  readonly scope: 'unit' | 'host';
  /** The host's name, for the host-scope sentence. */
  readonly host: string;
  /** Epoch ms within the day judged (UTC). */
  readonly day: number;
  /** Bytes out on that day. */
  readonly bytes: number;
  /** Bytes out on each other day the unit or host sent anything. */
  readonly otherDays: readonly number[];
  /** Host scope: the share of the day's bytes that the unit this evidence is attached to sent. */
  readonly unitShare?: number;
}

/** The largest single connection of a unit. */
export interface LargeTransferSummary {
  readonly bytes: number;
  /** Epoch ms of that connection. */
  readonly ts: number;
  /** Median bytes out of the unit's other connections (null: none). */
  readonly unitUsual: number | null;
  /** How many other connections the unit has. */
  readonly unitOthers: number;
  /** Median bytes out of the host's connections. */
  readonly hostUsual: number;
}

/** A unit's busiest window of time. */
export interface BurstSummary {
  /** Connections in the busiest window. */
  readonly peak: number;
  /** Epoch ms where that window starts. */
  readonly windowStart: number;
  /** Windows in which the unit had any connection. */
  readonly activeWindows: number;
  /** Median connections per active window. */
  readonly usual: number;
  readonly connections: number;
}

function graded(score: number): Pick<Evidence, 'score' | 'severity'> | null {
  const severity = gradeSeverity(score, scoreSeverityThresholds);
  return severity === null ? null : { score, severity };
}

/** The lesser of the two quantities' scores on the shared scale. */
function bothSteps(a: number, aSteps: SeverityThresholds, b: number, bSteps: SeverityThresholds): number {
  return Math.min(scoreFromSteps(a, aSteps), scoreFromSteps(b, bSteps));
}

function count(n: number, unit: string): string {
  return `${formatCount(n)} ${unit}${n === 1 ? '' : 's'}`;
}

/** "robust z 412"; "robust z over 1,000" past that (the other days barely vary); "every other day the same" for a constant baseline. */
function zText(z: number): string {
  if (!Number.isFinite(z)) return 'every other day the same';
  return z > 1000 ? 'robust z over 1,000' : `robust z ${formatCount(z, z < 10 ? 1 : 0)}`;
}

export function scoreDailyVolume(s: DailyVolumeSummary, settings: VolumeSettings = volumeSettings): Evidence | null {
  checkVolumeSettings(settings);
  if (!(s.bytes >= 0 && s.bytes < Infinity)) throw new RangeError(`day total ${String(s.bytes)} is not a byte count`);
  if (s.otherDays.length < settings.daily.minOtherDays) return null;
  const baseline = robustBaseline(s.otherDays);
  const z = robustZ(s.bytes, baseline);
  const excess = s.bytes - baseline.median;
  if (!(z > 0) || !(excess > 0)) return null;
  const g = graded(bothSteps(z, settings.daily.zSteps, excess, settings.daily.excessSteps));
  if (g === null) return null;
  const usual = `against a usual ${formatBytes(baseline.median)} a day over ${count(s.otherDays.length, 'other day')} (${zText(z)})`;
  const share = s.unitShare === undefined ? '' : `, ${formatPercent(s.unitShare)} of it in this connection's unit`;
  const text =
    s.scope === 'host'
      ? `host ${shownValue(s.host)} sent ${formatBytes(s.bytes)} on ${formatDay(s.day)}${share}, ${usual}, volume score ${formatScore(g.score)}`
      : `${formatBytes(s.bytes)} out on ${formatDay(s.day)}, ${usual}, volume score ${formatScore(g.score)}`;
  return {
    kind: 'volume',
    ...g,
    text,
    facts: {
      measure: s.scope === 'host' ? 'host-day' : 'unit-day',
      day: formatDay(s.day),
      bytesOut: s.bytes,
      usualBytes: baseline.median,
      mad: baseline.mad,
      otherDays: s.otherDays.length,
      robustZ: Number.isFinite(z) ? z : null,
      unitShare: s.unitShare ?? null,
    },
  };
}

export function scoreLargeTransfer(s: LargeTransferSummary, settings: VolumeSettings = volumeSettings): Evidence | null {
  checkVolumeSettings(settings);
  const lt = settings.largeTransfer;
  const useUnit = s.unitUsual !== null && s.unitOthers >= lt.minUnitConnections;
  const usual = Math.max(useUnit ? (s.unitUsual as number) : 0, s.hostUsual, 1);
  const ratio = s.bytes / usual;
  const g = graded(bothSteps(ratio, lt.ratioSteps, s.bytes, lt.bytesSteps));
  if (g === null) return null;
  const against = useUnit
    ? `its unit's usual ${formatBytes(s.unitUsual as number)} and the host's ${formatBytes(s.hostUsual)} a connection`
    : `the host's usual ${formatBytes(s.hostUsual)} a connection`;
  return {
    kind: 'volume',
    ...g,
    text: `one connection sent ${formatBytes(s.bytes)} at ${formatTimeUtc(s.ts)}, ${formatCount(ratio)} times ${against}, volume score ${formatScore(g.score)}`,
    facts: { measure: 'large-transfer', bytesOut: s.bytes, ts: s.ts, unitUsualBytes: useUnit ? s.unitUsual : null, hostUsualBytes: s.hostUsual, ratio },
  };
}

export function scoreBurst(s: BurstSummary, settings: VolumeSettings = volumeSettings): Evidence | null {
  checkVolumeSettings(settings);
  const b = settings.burst;
  if (!(Number.isInteger(s.peak) && s.peak >= 1 && s.peak <= s.connections)) throw new RangeError(`burst peak ${String(s.peak)} is not within 1..${String(s.connections)} connections`);
  const known = s.activeWindows >= b.minActiveWindows;
  const usual = known ? Math.max(s.usual, 1) : 1;
  const ratio = s.peak / usual;
  const g = graded(bothSteps(ratio, b.ratioSteps, s.peak, b.countSteps));
  if (g === null) return null;
  const window = formatDuration(b.windowSeconds);
  const against = known
    ? `against a usual ${formatCount(s.usual, 1)} per ${window} over ${count(s.activeWindows, 'active window')}`
    : `with no usual rate (${count(s.activeWindows, 'active window')} of ${window})`;
  return {
    kind: 'burst',
    ...g,
    text: `${count(s.peak, 'connection')} within ${window} from ${formatTimeUtc(s.windowStart)}, ${against}, burst score ${formatScore(g.score)}`,
    facts: { peak: s.peak, windowStart: s.windowStart, windowSeconds: b.windowSeconds, usualPerWindow: known ? s.usual : null, activeWindows: s.activeWindows, connections: s.connections, ratio },
  };
}
