import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { errorPayloadSchema, httpStatusFor, type ErrorPayload } from '../../shared/error-payload.js';
import { isJob, isOperationName } from '../../shared/contract.js';
import type { Engine } from '../../core/index.js';
import { toErrorPayload } from '../../core/index.js';
import { fetchSiteAllowed, hostAllowed } from './request-guard.js';
import { Sessions } from './sessions.js';
import { serveStatic } from './static-files.js';

export interface HttpHostOptions {
  engine: Engine;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface HttpHost {
  /** http://127.0.0.1:PORT — the page, once signed in. */
  origin: string;
  port: number;
  /** A new single-use link (code in the fragment, good for 15 minutes) that opens the page and signs it in. */
  /** A one-time sign-in link; `place` (`/cases/<id>/graph`) is where the page opens. */
  newSignInUrl(place?: string): string;
  close(): Promise<void>;
}

const MAX_JSON_BODY = 8 << 20;
/** An upload that sends nothing for this long is given up (the whole upload may take as long as it needs). */
const UPLOAD_IDLE_MS = 60_000;

/**
 * The browser host: the contract over HTTP on 127.0.0.1 only.
 * - POST /api/session {code} trades a one-time sign-in code for a session
 *   token (sessions.ts), which every other API call carries as a Bearer token.
 * - POST /api/op/<name> with the JSON input. Plain operations answer JSON
 *   `{ok, result | error}` with the status of the error's code; jobs answer a
 *   server-sent-event stream (`progress` events, then one `result`), and a
 *   closed connection cancels the job.
 * - POST /api/upload?name=… streams a file the user picked into the engine's
 *   uploads (size announced, limited, disk space checked) and answers its
 *   file id: the page never names a path on this machine.
 * - GET /api/download/<fileId> hands an export to the browser once: the id is
 *   128 random bits, given only to the page that asked for the export, and
 *   spent by the first request (a link a browser can follow needs no header).
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { engine } = options;
  let port = options.port ?? 0;
  const sessions = new Sessions();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, toErrorPayload(err));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('forbidden: this server only answers to 127.0.0.1 / localhost');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      serveStatic(options.rendererDir, url.pathname, res);
      return;
    }
    if (!fetchSiteAllowed(req)) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'this request does not come from the Sightline page' });
      return;
    }
    if (url.pathname.startsWith('/api/download/') && req.method === 'GET') {
      await download(url.pathname.slice('/api/download/'.length), res);
      return;
    }
    if (url.pathname === '/api/session' && req.method === 'POST') {
      await signIn(req, res);
      return;
    }
    if (!sessions.signedIn(req)) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'not signed in: open a sign-in link from `sightline serve` (each works once; press Enter there for another)' });
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (url.pathname === '/api/upload') {
      await upload(req, url, res);
      return;
    }
    const name = url.pathname.startsWith('/api/op/') ? url.pathname.slice(8) : '';
    if (!isOperationName(name)) {
      sendError(res, { code: 'NOT_FOUND', message: `unknown operation "${name.slice(0, 100)}"` });
      return;
    }
    const input = await readJson(req);
    if (!input.ok) {
      sendError(res, input.error);
      return;
    }
    if (isJob(name)) {
      await streamJob(req, res, name, input.value);
      return;
    }
    const result = await engine.call(name, input.value);
    if (result.ok) sendJson(res, 200, result);
    else sendError(res, result.error);
  }

  async function signIn(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readJson(req);
    const code = body.ok && typeof (body.value as { code?: unknown }).code === 'string' ? (body.value as { code: string }).code : '';
    const token = sessions.redeem(code);
    if (!token) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'this sign-in link is not valid: each link works once, for 15 minutes. Press Enter where `sightline serve` runs for a new one.' });
      return;
    }
    sendJson(res, 200, { ok: true, result: { token } });
  }

  async function upload(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    const name = (url.searchParams.get('name') ?? '').slice(0, 255) || 'upload';
    const length = Number(req.headers['content-length']);
    if (!Number.isSafeInteger(length) || length < 0) {
      sendError(res, { code: 'INVALID_INPUT', message: 'an upload must announce its size (Content-Length)' });
      req.resume();
      return;
    }
    // A stalled upload is given up; a slow one is not (Node's whole-request timeout is off for this server).
    req.setTimeout(UPLOAD_IDLE_MS, () => req.destroy(new Error(`the upload sent nothing for ${UPLOAD_IDLE_MS / 1000} s`)));
    try {
      sendJson(res, 200, { ok: true, result: await engine.files.receiveUpload(req, name, length) });
    } catch (err) {
      // Refused before reading (too large, no space): close rather than read gigabytes nobody wants.
      res.setHeader('Connection', 'close');
      sendError(res, toErrorPayload(err));
      req.destroy();
    }
  }

  async function download(fileId: string, res: http.ServerResponse): Promise<void> {
    // Taken by the first request: a second one at the same time finds nothing.
    const file = /^[a-f0-9]{32}$/.test(fileId) ? engine.files.takeDownload(fileId) : null;
    if (!file) {
      sendError(res, { code: 'NOT_FOUND', message: 'no such download (each export can be downloaded once)' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(file.bytes),
      'Content-Disposition': contentDisposition(file.name),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    try {
      await pipeline(file.stream, res);
    } finally {
      file.done();
    }
  }

  async function streamJob(req: http.IncomingMessage, res: http.ServerResponse, name: string, input: unknown): Promise<void> {
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const jobId = typeof req.headers['x-sightline-job'] === 'string' ? req.headers['x-sightline-job'] : undefined;
    const result = await engine.call(name, input, { ...(jobId ? { jobId } : {}), signal: gone.signal, onProgress: (p) => send('progress', p) });
    send('result', result);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Uploads of gigabytes take minutes: the idle timeout above guards them; headers must still come quickly.
  server.requestTimeout = 0;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    // A place in the app (`/cases/<id>/graph`) goes before the code: the page wipes the code and keeps the place.
    newSignInUrl: (place = '') => (place ? `${origin}/#${place}?code=${sessions.newCode()}` : `${origin}/#code=${sessions.newCode()}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `attachment` with the name as plain ASCII and, for anything else, RFC 5987's UTF-8 form. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, error: ErrorPayload): void {
  sendJson(res, httpStatusFor(error.code), { ok: false, error: errorPayloadSchema.parse(error) });
}

async function readJson(req: http.IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorPayload }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY) return { ok: false, error: { code: 'INVALID_INPUT', message: 'request body too large' } };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: { code: 'INVALID_INPUT', message: 'the request body is not JSON' } };
  }
}
