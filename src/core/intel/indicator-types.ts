import type { indicatorTypes } from '../../shared/types.js';
export { indicatorTypes } from '../../shared/types.js';

/** The kinds of indicator Sightline stores and matches. Values are stored normalised (see normalise-indicator.ts). */
export type IndicatorType = (typeof indicatorTypes)[number];

/** One indicator found in a post, a feed row or a bundle, before it is stored. */
export interface ExtractedIndicator {
  type: IndicatorType;
  /**
   * Normalised: IPv4 dotted quad; IPv6 compressed lower-case; CIDR as
   * network/prefix with host bits cleared; domain lower-case without a
   * trailing dot; URL refanged with a lower-case scheme and host; hashes
   * lower-case hex.
   */
  value: string;
  /** For ip:port and URLs with an explicit port. */
  port?: number;
}

/** Why a candidate that looked like an indicator was not taken: shown to analysts who wonder why an IP is missing. */
export interface RejectedCandidate {
  value: string;
  reason: string;
}

export interface Extraction {
  indicators: ExtractedIndicator[];
  /** Hashtags and similar labels, lower-case without '#': cobaltstrike, c2, opendir. */
  labels: string[];
  rejected: RejectedCandidate[];
}
