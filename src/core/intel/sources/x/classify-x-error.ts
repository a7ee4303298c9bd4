import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import type { SourceState } from '../source-state.js';

export interface ClassifiedError {
  state: SourceState;
  detail: string;
  /** When the source may be called again (rate limit reset, back-off), ISO. */
  nextAllowedAt: string | null;
}

const RETRY_5XX_MS = 60_000;

/**
 * Every way an X API call fails, as a state a person can act on. 429 is two
 * different things (x-api.md §1.4): a rate limit that resets in minutes, or a
 * monthly usage cap, told apart by the problem type.
 */
export function classifyXError(err: unknown, now: number): ClassifiedError {
  if (err instanceof ApiResponseError) {
    const data = (typeof err.data === 'object' && err.data !== null ? err.data : {}) as { title?: string; detail?: string; type?: string };
    const why = data.detail ?? data.title ?? err.message;
    switch (true) {
      case err.code === 401:
        return { state: 'unauthorized', detail: `X refused the bearer token (401): enter a valid token. ${why}`, nextAllowedAt: null };
      case err.code === 402:
        return { state: 'no-credits', detail: `X API credits are used up (402): add credits in the X developer console. ${why}`, nextAllowedAt: null };
      case err.code === 403:
        return {
          state: 'forbidden',
          detail: `X refused access (403): this app's access level cannot read these posts (the free tier cannot read timelines; pay-per-use credits or a paid plan can). ${why}`,
          nextAllowedAt: null,
        };
      case err.code === 429 && (data.title === 'UsageCapExceeded' || /\/problems\/usage-capped$/.test(data.type ?? '')):
        return { state: 'usage-capped', detail: `the X API usage cap for this period is reached (429 UsageCapExceeded): raise the cap or wait for the next period. ${why}`, nextAllowedAt: null };
      case err.code === 429 || err.code === 420: {
        const reset = err.rateLimit?.reset ? err.rateLimit.reset * 1000 : now + 15 * 60_000;
        return { state: 'rate-limited', detail: `rate limited by X until ${new Date(reset).toISOString()}; the sync resumes where it stopped`, nextAllowedAt: new Date(reset).toISOString() };
      }
      case err.code >= 500:
        return { state: 'unavailable', detail: `the X API is unavailable (${err.code}); retrying later`, nextAllowedAt: new Date(now + RETRY_5XX_MS).toISOString() };
      default:
        return { state: 'unavailable', detail: `the X API answered ${err.code}: ${why}`, nextAllowedAt: null };
    }
  }
  if (err instanceof ApiPartialResponseError) {
    return { state: 'unavailable', detail: 'the X API closed the connection mid-answer; retrying later', nextAllowedAt: new Date(now + RETRY_5XX_MS).toISOString() };
  }
  if (err instanceof ApiRequestError) {
    return { state: 'offline', detail: `cannot reach the X API (${err.requestError?.message ?? err.message})`, nextAllowedAt: null };
  }
  throw err;
}
