import fs from 'node:fs';
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
  /** A new single-use link that signs a browser in (sets the session cookie) and opens the page. */
  newSignInUrl(): string;
  close(): Promise<void>;
}

const MAX_JSON_BODY = 8 << 20;
const SIGN_IN_PATH = '/signin';

/**
 * The browser host: the contract over HTTP on 127.0.0.1 only.
 * - GET /signin?code=… trades a one-time code for the session cookie (sessions.ts).
 * - POST /api/op/<name> with the JSON input. Plain operations answer JSON
 *   `{ok, result | error}` with the status of the error's code; jobs answer a
 *   server-sent-event stream (`progress` events, then one `result`), and a
 *   closed connection cancels the job.
 * - POST /api/upload?name=… streams a file the user picked into the engine's
 *   uploads (size announced, limited, disk space checked) and answers its
 *   file id: the page never names a path on this machine.
 * - GET /api/download/<fileId> hands an export to the browser once.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { engine } = options;
  let port = options.port ?? 0;
  const sessions = new Sessions(() => port);

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
    if (url.pathname === SIGN_IN_PATH) {
      signIn(url, res);
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      serveStatic(options.rendererDir, url.pathname, res);
      return;
    }
    if (!sessions.signedIn(req) || !fetchSiteAllowed(req)) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'not signed in: open the sign-in link that `sightline serve` printed (each link works once)' });
      return;
    }
    if (url.pathname.startsWith('/api/download/') && req.method === 'GET') {
      await download(url.pathname.slice('/api/download/'.length), res);
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

  function signIn(url: URL, res: http.ServerResponse): void {
    const session = sessions.redeem(url.searchParams.get('code') ?? '');
    if (!session) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('This sign-in link is not valid: each link works once. If your browser already opened Sightline, use that tab; otherwise start `sightline serve` again for a new link.');
      return;
    }
    res.writeHead(303, { Location: '/', 'Set-Cookie': sessions.setCookieHeader(session), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.end();
  }

  async function upload(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    const name = (url.searchParams.get('name') ?? '').slice(0, 255) || 'upload';
    const length = Number(req.headers['content-length']);
    if (!Number.isSafeInteger(length) || length < 0) {
      sendError(res, { code: 'INVALID_INPUT', message: 'an upload must announce its size (Content-Length)' });
      req.resume();
      return;
    }
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
    const file = /^[a-f0-9]{32}$/.test(fileId) ? engine.files.download(fileId) : null;
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
      await pipeline(fs.createReadStream(file.file), res);
    } finally {
      engine.files.release(fileId);
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
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    newSignInUrl: () => `${origin}${SIGN_IN_PATH}?code=${sessions.newCode()}`,
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
