import type { CallOptions, Transport } from '../../shared/client.js';
import { isJob, type OperationName } from '../../shared/contract.js';
import { RemoteError, errorPayloadSchema, type ErrorPayload } from '../../shared/error-payload.js';
import type { FileRef } from '../../shared/types.js';

export interface HttpTransportOptions {
  /** Origin of the local host, e.g. http://127.0.0.1:4821 ('' in the page: same origin). */
  baseUrl: string;
  /** The session token (sent as a Bearer token), or how to get it once sign-in is done. */
  token: string | (() => Promise<string>);
  fetch?: typeof fetch;
}

/**
 * The contract over the browser host's HTTP routes (see src/cli/serve/http-host.ts).
 * Jobs come back as server-sent events, read from the fetch body so the call
 * can carry the token header; aborting the fetch cancels the job server-side.
 */
export function createHttpTransport(options: HttpTransportOptions): Transport & { upload(file: Blob, name: string): Promise<FileRef> } {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const token = options.token;
  const auth = async (): Promise<Record<string, string>> => ({ Authorization: `Bearer ${typeof token === 'string' ? token : await token()}` });

  async function call(name: OperationName, input: unknown, opts: CallOptions): Promise<unknown> {
    const jobId = isJob(name) ? randomId() : undefined;
    // A job is cancelled by asking the host (cancelJob), not by dropping the
    // stream: the job then still answers, with what it kept and what it
    // rolled back, just as over IPC. Plain calls simply abort.
    const onAbort = () => void call('cancelJob', { jobId }, {}).catch(() => undefined);
    if (jobId) opts.signal?.addEventListener('abort', onAbort, { once: true });
    let res: Response;
    try {
      res = await doFetch(`${options.baseUrl}/api/op/${name}`, {
        method: 'POST',
        headers: { ...(await auth()), 'Content-Type': 'application/json', ...(jobId ? { 'X-Sightline-Job': jobId } : {}) },
        body: JSON.stringify(input ?? {}),
        ...(opts.signal && !jobId ? { signal: opts.signal } : {}),
      });
      if (jobId && opts.signal?.aborted) onAbort();
      if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        return unwrap(await readEvents(res, opts));
      }
    } catch (err) {
      if (err instanceof RemoteError) throw err;
      if (opts.signal?.aborted) throw new RemoteError({ code: 'CANCELLED', message: 'cancelled' });
      throw new RemoteError({ code: 'INTERNAL', message: `cannot reach the Sightline host: ${(err as Error).message}` });
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
    return unwrap(await res.json().catch(() => ({ ok: false, error: { code: 'INTERNAL', message: `HTTP ${res.status}` } })));
  }

  async function upload(file: Blob, name: string): Promise<FileRef> {
    let res: Response;
    try {
      res = await doFetch(`${options.baseUrl}/api/upload?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...(await auth()), 'Content-Type': 'application/octet-stream' },
        body: file,
      });
    } catch (err) {
      // A refused upload is answered at once and the connection closed, which some browsers report as a network error.
      throw new RemoteError({ code: 'INTERNAL', message: `the upload of ${name} was cut off: ${(err as Error).message}` });
    }
    return unwrap(await res.json().catch(() => ({ ok: false, error: { code: 'INTERNAL', message: `HTTP ${res.status}` } }))) as FileRef;
  }

  return { call, upload };
}

async function readEvents(res: Response, opts: CallOptions): Promise<unknown> {
  if (!res.body) throw new RemoteError({ code: 'INTERNAL', message: 'empty event stream' });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data === undefined) continue;
        if (event === 'progress') opts.onProgress?.(JSON.parse(data));
        else if (event === 'result') return JSON.parse(data);
      }
    }
  } finally {
    reader.releaseLock();
  }
  throw new RemoteError({ code: 'INTERNAL', message: 'the job ended without a result' });
}

function unwrap(body: unknown): unknown {
  const b = body as { ok?: boolean; result?: unknown; error?: unknown };
  if (b && b.ok === true) return b.result;
  const parsed = errorPayloadSchema.safeParse(b?.error);
  const payload: ErrorPayload = parsed.success ? parsed.data : { code: 'INTERNAL', message: 'malformed reply from the host' };
  throw new RemoteError(payload);
}

function randomId(): string {
  return globalThis.crypto.randomUUID();
}
