import type { Verdict } from '../../../shared/types.js';
import type { IndicatorType } from '../indicator-types.js';
import type { HashType, MatchHow } from './indicator-index.js';

/** A destination of the case: its address, when the case first and last connected to it (epoch ms), and its names. */
export interface AddressObservable {
  ip: string;
  firstTs: number;
  lastTs: number;
  /** Host names the case gives it (DNS answers, Sysmon DestinationHostname). */
  names: readonly string[];
}

/** A process hash of the case; with the times a process with it ran, when known. */
export interface HashObservable {
  type: HashType;
  value: string;
  firstTs?: number;
  lastTs?: number;
}

export interface CaseObservables {
  addresses: readonly AddressObservable[];
  hashes: readonly HashObservable[];
}

/** A sighting as an explanation cites it: who, when, what they wrote, where. All of it hostile text. */
export interface Citation {
  source: string;
  author: string | null;
  /** ISO time of the post or record. */
  postedAt: string;
  text: string | null;
  link: string | null;
  ref: string;
}

export type SuppressionReason =
  | { kind: 'allowlist'; note: string | null; since: string }
  | { kind: 'false-positive'; note: string | null; since: string }
  | {
      kind: 'warninglist';
      /** The list's name ("List of known IPv4 public DNS resolvers") and file id (`public-dns-v4`). */
      list: string;
      listId: string;
      /** The list's entry that matched. */
      matched: string;
      /** Whether the indicator itself is on the list, or the destination (its address or name). */
      on: 'indicator' | 'destination';
      value: string;
    };

/** One indicator an observable met, with its scores and provenance. */
export interface IntelMatchHit {
  type: IndicatorType;
  value: string;
  how: MatchHow;
  /** The observable's address or name that matched. */
  via: string;
  /** 0..100 now (decayed, verdicts applied). */
  scoreNow: number;
  expiredNow: boolean;
  /**
   * The score as of the connection, from the sightings posted by then: the
   * higher of the first and the last connection's; null when the indicator was
   * first reported after the last connection (see reportedAfter), or the
   * observable has no time.
   */
  atConnection: { at: string; score: number; expired: boolean } | null;
  /** Reported only after the last connection: when first, and the score it had then. */
  reportedAfter: { at: string; score: number } | null;
  firstReported: string;
  lastReported: string;
  sightings: number;
  /** Distinct source names. */
  sources: string[];
  labels: string[];
  verdict: Verdict | null;
  /** The posts behind the score at the connection (newest first), or the first ones when reported after. */
  citations: Citation[];
}

export interface SuppressedHit extends IntelMatchHit {
  /** Every reason it does not count, never empty. */
  reasons: SuppressionReason[];
}

export interface ObservableMatches {
  hits: IntelMatchHit[];
  suppressed: SuppressedHit[];
}

export interface AddressMatches extends ObservableMatches {
  ip: string;
  firstTs: number;
  lastTs: number;
}

export interface HashMatches extends ObservableMatches {
  type: HashType;
  value: string;
}

export interface CaseIntelMatches {
  /** The IoC store revision the matches were made at: retro-hunt starts from it. */
  intelRevision: number;
  /** Observables with at least one hit or suppressed hit. */
  addresses: AddressMatches[];
  hashes: HashMatches[];
  checked: { addresses: number; names: number; hashes: number; indicators: number };
}
