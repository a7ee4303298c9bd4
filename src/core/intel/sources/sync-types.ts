import type { DecayModel } from '../decay.js';
import type { SourceState } from './source-state.js';

export interface SyncProgress {
  source: string;
  state: SourceState;
  posts: number;
  newSightings: number;
  /** While waiting for a rate-limit reset: when it ends (ISO), for a countdown. */
  waitingUntil?: string;
}

/** What every source adapter gets: time, cancellation, progress and a rate-limit wait that may decline. */
export interface SyncDeps {
  now: () => number;
  /** The decay model in force: the first sync of a source reads back as far as any indicator can still score. */
  decay: DecayModel;
  signal: AbortSignal;
  progress: (p: SyncProgress) => void;
  /** Waits until `ms` (epoch) showing a countdown, when that is soon enough; false to stop and resume later instead. */
  waitUntil: (ms: number, source: string) => Promise<boolean>;
  /** Tests only: loopback stand-ins in place of the real services (see ServiceOrigins). */
  origins?: ServiceOrigins;
}

/**
 * Tests only: the origin of a loopback stand-in for each service, in place of
 * api.x.com, every Mastodon instance and Bluesky's AppView. Given to the
 * engine by whoever constructs it (never through the contract), and refused
 * unless it is a loopback origin.
 */
export interface ServiceOrigins {
  x?: string;
  mastodon?: string;
  bluesky?: string;
}

export interface SyncOutcome {
  source: string;
  state: SourceState;
  detail: string | null;
  posts: number;
  newIndicators: number;
  newSightings: number;
  /** True when every new post was read (the cursor moved forward). */
  complete: boolean;
}
