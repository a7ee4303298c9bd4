import type { ExtractedIndicator } from '../indicator-types.js';

/**
 * What each scanner reports, with its offset in the refanged text so the
 * caller can restore the order of first appearance after all passes ran.
 */
export interface Found {
  at: number;
  indicator: ExtractedIndicator;
}

export interface Rejection {
  at: number;
  value: string;
  reason: string;
}

export interface Findings {
  found: Found[];
  rejected: Rejection[];
}

/** A candidate's fate: a normalised value, a reason to refuse it, or null when it was never a candidate. */
export type Verdict = { value: string } | { reason: string } | null;

/** Rejected values quote the text; a hostile post must not make them megabytes long. */
export function shorten(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max)}…`;
}
