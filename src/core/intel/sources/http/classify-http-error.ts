import type { ClassifiedError } from '../x/classify-x-error.js';
import { HttpStatusError, MalformedAnswerError, NetworkError, RateLimitStop } from './errors.js';
import { RefusedOriginError } from './origin.js';

export type { ClassifiedError };

const RETRY_5XX_MS = 60_000;
const DEFAULT_RATE_WAIT_MS = 5 * 60_000;

/**
 * The failures every REST source shares, as states a person can act on.
 * `specific` handles what only one API means (Mastodon's 401/404/410, XRPC
 * error names) and returns null for the rest. Anything else is a bug and is
 * rethrown.
 */
export function classifyHttpError(err: unknown, now: number, api: string, specific: (e: HttpStatusError) => ClassifiedError | null): ClassifiedError {
  if (err instanceof RateLimitStop) return rateLimited(api, err.until);
  if (err instanceof HttpStatusError) {
    const own = specific(err);
    if (own) return own;
    const why = err.field('message') ?? err.field('error') ?? (typeof err.body === 'string' ? err.body : '');
    if (err.status === 429) return rateLimited(api, err.resetAt ?? now + DEFAULT_RATE_WAIT_MS);
    if (err.status >= 500) return { state: 'unavailable', detail: `${api} is unavailable (${err.status}); retrying later. ${why}`.trim(), nextAllowedAt: new Date(now + RETRY_5XX_MS).toISOString() };
    if (err.status >= 300 && err.status < 400) {
      return { state: 'unavailable', detail: `${api} redirected (${err.status}) to ${err.location ?? 'another address'}; Sightline does not follow redirects: check the source's instance or address`, nextAllowedAt: null };
    }
    return { state: 'unavailable', detail: `${api} answered ${err.status}: ${why || 'no reason given'}`, nextAllowedAt: null };
  }
  if (err instanceof NetworkError) return { state: 'offline', detail: `cannot reach ${api} (${err.message}): check the network or the instance name`, nextAllowedAt: null };
  if (err instanceof MalformedAnswerError) return { state: 'unavailable', detail: `${api} gave an unexpected answer (${err.message}); retrying later`, nextAllowedAt: new Date(now + RETRY_5XX_MS).toISOString() };
  if (err instanceof RefusedOriginError) return { state: 'forbidden', detail: `this source's address is refused: ${err.message}`, nextAllowedAt: null };
  throw err;
}

function rateLimited(api: string, until: number): ClassifiedError {
  const at = new Date(until).toISOString();
  return { state: 'rate-limited', detail: `rate limited by ${api} until ${at}; the sync resumes where it stopped`, nextAllowedAt: at };
}
