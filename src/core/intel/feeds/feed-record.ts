import type { ExtractedIndicator } from '../indicator-types.js';

/** What every feed reader yields: one indicator with its provenance, before the store gives it a source id. */
export interface FeedRecord {
  indicator: ExtractedIndicator;
  /** Source the sighting belongs to (e.g. "tweetfeed", "misp:CIRCL", "list:feodo.csv"). */
  source: string;
  /** The post id, event/attribute uuid, STIX id or list name: unique per sighting within the source. */
  ref: string;
  /** ISO 8601: when the source first saw it (the sighting's time). */
  seenAt: string;
  /** ISO 8601, when the source says it was seen later than seenAt (a MISP attribute's last_seen, a STIX sighting's): widens the indicator's last seen. */
  lastSeenAt?: string;
  postUrl?: string | null;
  author?: string | null;
  text?: string | null;
  labels: string[];
}

/** Labels as stored: lower-case, no '#', trimmed; MISP's `tlp:clear` style kept. */
export function normaliseLabel(raw: string): string | null {
  const l = raw.trim().replace(/^#+/, '').toLowerCase();
  return l.length > 0 && l.length <= 64 ? l : null;
}

export function labelsFrom(raw: readonly string[]): string[] {
  return [...new Set(raw.map(normaliseLabel).filter((l): l is string => l !== null))];
}
