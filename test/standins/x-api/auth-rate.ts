import type { Clock } from '../shared/clock.js';
import { CLIENT_FORBIDDEN, CREDITS_DEPLETED, TOO_MANY_REQUESTS, UNAUTHORIZED, USAGE_CAPPED } from './problems.js';
import type { EndpointKey, RateLimits, TokenBehaviour } from './types.js';

/** Presets of x-api.md §2.6 (per app, per 15 minutes; the legacy 24 h limits squeezed into the window). */
export const LIMITS_PAY_PER_USE: RateLimits = { usersBy: 300, userByUsername: 300, userTweets: 10_000, searchRecent: 450 };
export const LIMITS_LEGACY_PRO: RateLimits = { usersBy: 300, userByUsername: 300, userTweets: 1_500, searchRecent: 450 };
export const LIMITS_LEGACY_BASIC: RateLimits = { usersBy: 500, userByUsername: 500, userTweets: 10, searchRecent: 60 };
export const LIMITS_LEGACY_FREE: RateLimits = { usersBy: 1, userByUsername: 3, userTweets: 1, searchRecent: 1 };

const WINDOW_S = 15 * 60;

/** The outcome of the auth and rate-limit checks: either go on, or answer with this. */
export interface Gate {
  /** Rate-limit headers to send with whatever answer follows (empty when unauthenticated). */
  headers: Record<string, string>;
  reject?: { status: number; body: unknown };
}

export function bearerToken(authorization: string | undefined): string | null {
  const m = /^Bearer (\S+)$/.exec(authorization ?? '');
  return m?.[1] ?? null;
}

/**
 * Auth then rate limit (x-api.md §2.1 order). A fixed 15-minute window per (token, endpoint) opens
 * at its first call; every authenticated answer, 429 included, carries the `x-rate-limit-*` headers.
 * 402 and 403 tokens are refused before counting [ASSUMED]; `usage-capped` is counted first, so its
 * 429 still shows quota left, as observed.
 */
export class AuthAndRateLimit {
  private readonly windows = new Map<string, { resetS: number; used: number }>();
  readonly limits: RateLimits;

  constructor(
    readonly tokens: Map<string, TokenBehaviour>,
    limits: RateLimits,
    private readonly clock: Clock,
  ) {
    this.limits = { ...limits };
  }

  resetWindows(): void {
    this.windows.clear();
  }

  check(token: string | null, endpoint: EndpointKey): Gate {
    const behaviour = token === null ? undefined : this.tokens.get(token);
    if (behaviour === undefined || behaviour === 'unauthorized') return { headers: {}, reject: { status: 401, body: UNAUTHORIZED } };
    if (behaviour === 'no-credits') return { headers: {}, reject: { status: 402, body: CREDITS_DEPLETED } };
    if (behaviour === 'forbidden') return { headers: {}, reject: { status: 403, body: CLIENT_FORBIDDEN } };
    const nowS = Math.floor(this.clock.now() / 1000);
    const key = `${token}\n${endpoint}`;
    let window = this.windows.get(key);
    if (!window || nowS >= window.resetS) {
      window = { resetS: nowS + WINDOW_S, used: 0 };
      this.windows.set(key, window);
    }
    const limit = this.limits[endpoint];
    const over = window.used >= limit;
    if (!over) window.used += 1;
    const headers = {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - window.used)),
      'x-rate-limit-reset': String(window.resetS),
    };
    if (behaviour === 'usage-capped') return { headers, reject: { status: 429, body: USAGE_CAPPED } };
    if (over) return { headers, reject: { status: 429, body: TOO_MANY_REQUESTS } };
    return { headers };
  }
}
