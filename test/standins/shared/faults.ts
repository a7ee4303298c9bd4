import type http from 'node:http';
import { sendJson } from './http-server.js';

/** One injected failure. `status: 'reset'` destroys the socket without an answer. */
export interface FaultSpec {
  status: number | 'reset';
  /** A string is sent as is; anything else as JSON. Default: a body fitting the stand-in. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Only requests whose path (with query) matches; a string is a regular expression. */
  path?: RegExp | string;
  /** Waits before answering (or resetting). */
  delayMs?: number;
}

interface QueuedFault extends FaultSpec {
  remaining: number;
}

/**
 * A queue of failures for the next matching requests, checked by a stand-in before anything else.
 * `defaultBody(status)` gives the stand-in's own error body when a fault has none.
 */
export class FaultQueue {
  private readonly queue: QueuedFault[] = [];

  constructor(private readonly defaultBody: (status: number) => { body: unknown; contentType: string }) {}

  failNext(count: number, spec: FaultSpec): void {
    if (!Number.isInteger(count) || count < 1) throw new Error(`failNext: count must be a positive integer, got ${count}`);
    this.queue.push({ ...spec, remaining: count });
  }

  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /** Takes the first fault matching `url`, or undefined. */
  take(url: string): FaultSpec | undefined {
    const index = this.queue.findIndex((fault) => matches(fault.path, url));
    const fault = this.queue[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.queue.splice(index, 1);
    return fault;
  }

  /** Answers `res` with the fault; returns the status written (0 for a reset). */
  async apply(fault: FaultSpec, req: http.IncomingMessage, res: http.ServerResponse): Promise<number> {
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.status === 'reset') {
      req.socket.destroy();
      return 0;
    }
    const fallback = this.defaultBody(fault.status);
    const body = fault.body ?? fallback.body;
    sendJson(res, fault.status, body, fault.headers ?? {}, fault.contentType ?? fallback.contentType);
    return fault.status;
  }
}

function matches(path: RegExp | string | undefined, url: string): boolean {
  if (path === undefined) return true;
  return (typeof path === 'string' ? new RegExp(path) : path).test(url);
}
