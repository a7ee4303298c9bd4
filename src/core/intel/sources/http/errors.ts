/** How a call to a Mastodon instance or the Bluesky AppView failed, for the classifiers to turn into source states. */

/** The server answered, but not 2xx. `body` is the parsed JSON error (or the start of a non-JSON body). */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** From the rate-limit headers of this answer (epoch ms), when present. */
    readonly resetAt: number | null,
    readonly location: string | null,
  ) {
    super(`HTTP ${status}`);
  }

  /** The `error` / `message` strings of a Mastodon or XRPC error body. */
  field(name: 'error' | 'message'): string | undefined {
    const b = this.body;
    if (typeof b !== 'object' || b === null) return undefined;
    const v = (b as Record<string, unknown>)[name];
    return typeof v === 'string' ? v.slice(0, 300) : undefined;
  }
}

/** No answer: DNS, refused connection, TLS, reset, or our own timeout. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

/** An answer that is not what the API promises (not JSON, wrong shape, too large, not moving forward). */
export class MalformedAnswerError extends Error {
  override readonly name = 'MalformedAnswerError';
}

/** The previous answer used up the rate-limit window and waiting was declined: stop, resume after `until`. */
export class RateLimitStop extends Error {
  override readonly name = 'RateLimitStop';
  constructor(readonly until: number) {
    super(`rate limited until ${new Date(until).toISOString()}`);
  }
}
