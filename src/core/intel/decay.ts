import type { IndicatorType } from './indicator-types.js';

/**
 * MISP's polynomial decaying model: score(t) = base × (1 − (t/τ)^(1/δ)),
 * t = days since the last sighting; at t ≥ τ the indicator has expired (it is
 * kept and shown, but no longer matched by default). Infrastructure churns
 * fastest (IPs), hashes never change meaning, hence τ per type.
 */
export interface DecayModel {
  /** Days until an indicator of this type expires after its last sighting. */
  tauDays: Record<IndicatorType, number>;
  /** δ > 1 keeps the score high longer, then drops it fast near τ. */
  delta: number;
}

export const defaultDecay: DecayModel = {
  tauDays: { ipv4: 30, ipv6: 30, cidr: 90, domain: 90, url: 60, md5: 365, sha1: 365, sha256: 365 },
  delta: 2,
};

const DAY_MS = 86_400_000;

/**
 * The model in force for one data home: the defaults, or what the user set
 * (kept in the home database's settings). Each engine holds its own, and
 * every scoring function is handed the model it scores with.
 */
export class DecaySetting {
  constructor(private model: DecayModel = defaultDecay) {}

  get(): DecayModel {
    return this.model;
  }

  set(model: DecayModel): void {
    this.model = model;
  }
}

/** The longest τ of the model, in milliseconds: how far back any indicator can still score. */
export function longestLifetimeMs(model: DecayModel): number {
  return Math.max(...Object.values(model.tauDays)) * DAY_MS;
}

/** 0..100. `base` is 0..100 (from source trust). */
export function decayedScore(base: number, type: IndicatorType, lastSeen: string, now: number, model: DecayModel): number {
  return decayedScoreMs(base, type, Date.parse(lastSeen), now, model);
}

/** decayedScore() with the last sighting as epoch milliseconds: what a matcher reading a million rows hands over. */
export function decayedScoreMs(base: number, type: IndicatorType, lastSeenMs: number, now: number, model: DecayModel): number {
  const t = Math.max(0, (now - lastSeenMs) / DAY_MS);
  const tau = model.tauDays[type];
  if (t >= tau) return 0;
  return Math.round(base * (1 - (t / tau) ** (1 / model.delta)) * 10) / 10;
}

export function expiresAt(type: IndicatorType, lastSeen: string, model: DecayModel): string {
  return new Date(Date.parse(lastSeen) + model.tauDays[type] * DAY_MS).toISOString();
}

/**
 * Independent sources corroborate: the chance that all of them are wrong
 * shrinks with each, so base = 100 × (1 − Π(1 − trust)).
 */
export function baseScore(trusts: readonly number[]): number {
  const doubt = trusts.reduce((d, t) => d * (1 - Math.min(1, Math.max(0, t))), 1);
  return Math.round((1 - doubt) * 1000) / 10;
}
