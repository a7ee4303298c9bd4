import { numberHeader, type ClassifiedError, type HttpStatusError, type RateReading } from '../http/index.js';

/** `ratelimit-remaining` and `ratelimit-reset` (epoch seconds; a small number is read as seconds from now). */
export function blueskyRate(headers: Headers, now: number): RateReading {
  const reset = numberHeader(headers, 'ratelimit-reset');
  const resetAt = reset === null ? null : reset > 1e9 ? reset * 1000 : now + reset * 1000;
  return { remaining: numberHeader(headers, 'ratelimit-remaining'), resetAt };
}

const GONE: Record<string, string> = {
  AccountTakedown: 'was taken down by Bluesky moderation',
  AccountDeactivated: 'is deactivated',
  ActorNotFound: 'does not exist',
};

/** XRPC error bodies (`{"error": Name, "message": …}`, x-api.md §5.2); the shared classifier handles 429, 5xx and the rest. */
export function blueskySpecificError(e: HttpStatusError, handle: string): ClassifiedError | null {
  const name = e.field('error') ?? '';
  const message = e.field('message') ?? '';
  const account = `@${handle}`;
  if (GONE[name]) return { state: 'not-found', detail: `the Bluesky account ${account} ${GONE[name]} (${name}): remove or disable this source`, nextAllowedAt: null };
  if (/profile not found|unable to resolve handle/i.test(message)) {
    return { state: 'not-found', detail: `no Bluesky account ${account} (${message}): check the handle, or remove this source`, nextAllowedAt: null };
  }
  if (name === 'BlockedActor' || name === 'BlockedByActor' || e.status === 403) {
    return { state: 'forbidden', detail: `Bluesky refused to show ${account} (${name || e.status}: ${message || 'no reason given'}): disable this source`, nextAllowedAt: null };
  }
  if (e.status === 401 || name === 'AuthRequired' || name === 'AuthMissing') {
    return { state: 'unauthorized', detail: `Bluesky shows ${account} only to signed-in users (${name || 401}); Sightline reads public posts without an account: disable this source`, nextAllowedAt: null };
  }
  if (e.status === 400) return { state: 'unavailable', detail: `Bluesky refused the request (${name}: ${message})`, nextAllowedAt: null };
  return null;
}
