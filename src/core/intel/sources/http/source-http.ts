import type { SyncDeps } from '../sync-types.js';
import { HttpStatusError, MalformedAnswerError, NetworkError, RateLimitStop } from './errors.js';

const TIMEOUT_MS = 30_000;
/** A page of 40 statuses or 100 posts is a few hundred KB; anything far larger is not an API page. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface RateReading {
  remaining: number | null;
  /** Epoch ms. */
  resetAt: number | null;
}

export interface JsonAnswer {
  body: unknown;
  headers: Headers;
}

/**
 * GETs JSON from one origin for one source's sync, politely: after an answer
 * that used up the rate-limit window the next call first waits for the reset
 * (deps.waitUntil, with a countdown) or, when waiting is declined, throws
 * RateLimitStop so the sync stops where it is and resumes later. Redirects
 * are not followed (nothing may leave the origin the source names), answers
 * are size-capped and every call has a timeout.
 */
export class SourceHttp {
  private blockedUntil = 0;

  constructor(
    readonly origin: URL,
    private readonly deps: SyncDeps,
    private readonly source: string,
    private readonly readRate: (headers: Headers, now: number) => RateReading,
  ) {}

  url(path: string, query: Record<string, string | number | undefined> = {}): URL {
    const url = new URL(path, this.origin);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  async get(url: URL): Promise<JsonAnswer> {
    if (url.origin !== this.origin.origin) throw new MalformedAnswerError(`refusing to follow a link to ${url.origin}`);
    if (this.blockedUntil > this.deps.now() && !(await this.deps.waitUntil(this.blockedUntil, this.source))) throw new RateLimitStop(this.blockedUntil);
    let res: Response;
    let bytes: Uint8Array;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json', 'user-agent': 'Sightline threat-intel sync' },
        redirect: 'manual',
        signal: AbortSignal.any([this.deps.signal, AbortSignal.timeout(TIMEOUT_MS)]),
      });
      bytes = await readCapped(res);
    } catch (err) {
      if (err instanceof MalformedAnswerError || this.deps.signal.aborted) throw err;
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
      throw new NetworkError(why);
    }
    const rate = this.readRate(res.headers, this.deps.now());
    this.blockedUntil = rate.remaining === 0 && rate.resetAt !== null ? rate.resetAt : 0;
    const text = new TextDecoder().decode(bytes);
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      if (res.ok) throw new MalformedAnswerError(`${url.host} answered something that is not JSON`);
      body = text.slice(0, 200);
    }
    if (!res.ok) throw new HttpStatusError(res.status, body, rate.resetAt, res.headers.get('location'));
    return { body, headers: res.headers };
  }
}

async function readCapped(res: Response): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    // Leaving the loop by throwing cancels the stream.
    if (size > MAX_BODY_BYTES) throw new MalformedAnswerError(`answer larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A header as a finite number, else null. */
export function numberHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || !/^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return null;
  return Number(raw);
}
