import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** What every stand-in returns from its start function. */
export interface RunningServer {
  /** `http(s)://127.0.0.1:<port>` or `http(s)://[::1]:<port>` (no trailing slash). */
  baseUrl: string;
  port: number;
  /** Stops listening and destroys every open socket, so no handle outlives a test. */
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

/** The loopback addresses a stand-in may listen on (never 0.0.0.0: nothing else may reach it). */
export type LoopbackHost = '127.0.0.1' | '::1';

/**
 * Listens on a loopback address only.
 * A handler that throws answers 500 with the error message, so a stand-in bug shows up in a test
 * as a failing status instead of a hung request.
 */
export async function startHttpServer(handler: Handler, port = 0, host: LoopbackHost = '127.0.0.1', tls?: { key: string; cert: string }): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendJson(res, 500, { error: 'stand-in failure', message: String(error) });
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  // For HTTPS, 'connection' gives the raw TCP socket, which is what has to be destroyed on close.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `${tls ? 'https' : 'http'}://${host === '::1' ? '[::1]' : host}:${actualPort}`,
    port: actualPort,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON request body; an empty body is `undefined`. */
export async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text ? (JSON.parse(text) as unknown) : undefined;
}
