import { numberHeader, type ClassifiedError, type HttpStatusError, type RateReading } from '../http/index.js';

/** `X-RateLimit-Remaining` and `X-RateLimit-Reset` (ISO-8601 on Mastodon; epoch seconds accepted too). */
export function mastodonRate(headers: Headers): RateReading {
  const raw = headers.get('x-ratelimit-reset');
  let resetAt: number | null = null;
  if (raw !== null && /^\d{9,11}$/.test(raw.trim())) resetAt = Number(raw.trim()) * 1000;
  else if (raw !== null && Number.isFinite(Date.parse(raw))) resetAt = Date.parse(raw);
  return { remaining: numberHeader(headers, 'x-ratelimit-remaining'), resetAt };
}

/** What Mastodon's own statuses mean (x-api.md §5.1); the shared classifier handles 429, 5xx and the rest. */
export function mastodonSpecificError(e: HttpStatusError, username: string, instance: string): ClassifiedError | null {
  const account = `@${username}@${instance}`;
  const why = e.field('error') ?? 'no reason given';
  switch (e.status) {
    case 401:
      return {
        state: 'unauthorized',
        detail: `${instance} answers its API only to signed-in apps (401: ${why}); Sightline reads public posts without an account, so ${account} cannot be synced from there: disable this source`,
        nextAllowedAt: null,
      };
    case 403:
      return { state: 'forbidden', detail: `${instance} refused to show ${account} (403: ${why}): the account or instance does not allow it; disable this source`, nextAllowedAt: null };
    case 404:
      return { state: 'not-found', detail: `no account ${account} on ${instance} (404: ${why}): check the address (user@instance, on the account's home instance), or remove this source`, nextAllowedAt: null };
    case 410:
      return { state: 'not-found', detail: `${account} is suspended or deleted on ${instance} (410): remove or disable this source`, nextAllowedAt: null };
    default:
      return null;
  }
}
