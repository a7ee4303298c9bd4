import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorPayloadSchema, httpStatusFor, type ErrorPayload } from '../../shared/error-payload.js';
import { isJob, isOperationName } from '../../shared/contract.js';
import type { Engine } from '../../core/index.js';
import { hostAllowed, newToken, tokenValid } from './request-guard.js';
import { serveStatic } from './static-files.js';

export interface HttpHostOptions {
  engine: Engine;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

export interface HttpHost {
  /** Open this in a browser: it carries the token in the fragment, which is never sent over the wire. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_JSON_BODY = 8 << 20;

/**
 * The browser host: the contract over HTTP on 127.0.0.1 only.
 * POST /api/op/<name> with the JSON input. Plain operations answer JSON
 * `{ok, result | error}` with the status of the error's code; jobs answer a
 * server-sent-event stream (`progress` events, then one `result`), and a
 * closed connection cancels the job. POST /api/upload streams a file to the
 * engine's upload area for a later importFiles.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = options.token ?? newToken();
  const { engine } = options;
  let port = options.port ?? 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: String(err) } });
      else res.end();
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
    if (!tokenValid(req, token)) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'missing or wrong token: open the URL that `sightline serve` printed' });
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (url.pathname === '/api/upload') {
      const { uploadId, bytes } = await engine.uploads.save(req);
      sendJson(res, 200, { ok: true, result: { uploadId, bytes } });
      return;
    }
    const name = url.pathname.startsWith('/api/op/') ? url.pathname.slice(8) : '';
    if (!isOperationName(name)) {
      sendError(res, { code: 'NOT_FOUND', message: `unknown operation "${name}"` });
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

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
