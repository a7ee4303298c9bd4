import { describeClockSkew as describeSkewText } from '../../shared/clock-skew-text.js';
import type { ClockSkew, CsvMappingInput, JoinSummary, TelemetryFormat } from '../../shared/types.js';
import { baseName } from '../format.js';
import type { FileChoice } from './file-choice.js';
import { toCsvMapping } from './mapping-draft.js';

/** One importFiles call: the contract takes one format, mapping and time zone per call. */
export interface ImportCall {
  keys: string[];
  format?: TelemetryFormat;
  mapping?: CsvMappingInput;
  timezone: string;
}

/**
 * Files grouped into as few calls as their settings allow, in the order they
 * were picked: recognised files together (so a Sysmon export and the Zeek
 * log of the same hosts are joined in one go), then one call per format
 * override and per column mapping.
 */
export function planImportCalls(files: readonly FileChoice[], timezone: string): ImportCall[] {
  const calls = new Map<string, ImportCall>();
  for (const f of files) {
    let call: Omit<ImportCall, 'keys'>;
    if (f.format === 'csv-mapped' && f.mapping && f.preview) {
      call = { format: 'csv-mapped', mapping: toCsvMapping(f.mapping, f.preview), timezone: f.mapping.timezone.trim() || 'UTC' };
    } else if (f.format === 'auto') {
      call = { timezone };
    } else {
      call = { format: f.format, timezone };
    }
    const key = JSON.stringify(call);
    const existing = calls.get(key);
    if (existing) existing.keys.push(f.key);
    else calls.set(key, { ...call, keys: [f.key] });
  }
  return [...calls.values()];
}

/**
 * The join summaries of several calls as one: the counts are the case's
 * after the last call, pairs made add up, clock skews are kept per file and
 * named addresses per address.
 */
export function mergeJoinSummaries(previous: JoinSummary | null, next: JoinSummary): JoinSummary {
  if (!previous) return next;
  const skews = new Map(previous.clockSkews.map((s) => [s.file, s]));
  for (const s of next.clockSkews) skews.set(s.file, s);
  const named = new Map(previous.namedHosts.map((n) => [n.ip, n]));
  for (const n of next.namedHosts) named.set(n.ip, n);
  return { ...next, newlyMatched: previous.newlyMatched + next.newlyMatched, clockSkews: [...skews.values()], namedHosts: [...named.values()] };
}

/** The sentence about two files' clocks (shared/clock-skew-text.ts), files by their base name. */
export function describeClockSkew(skew: ClockSkew): string {
  return describeSkewText(skew, baseName);
}
