import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ErrorPayload } from '../../src/shared/error-payload.js';
import { repoRoot } from '../helpers/fixtures.js';

export type HostReply = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

/** The host did not answer within the time bound; it was killed. */
export class HostTimeout extends Error {}
/** The host process ended while a request was open. */
export class HostDied extends Error {}

interface Pending {
  resolve: (r: HostReply) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const HOST_FILE = path.join(repoRoot, 'test', 'fuzz', 'import-host.mjs');

/**
 * The engine in a child process (import-host.mjs) that can be killed: one
 * request at a time, each with a time bound. What it prints and every
 * unhandled rejection it reports are kept for the fuzzer to attribute to
 * the request in flight.
 */
export class ImportHost {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private output = '';
  private crashes: string[] = [];

  /** `engineModule`: the bundled engine the process loads (engine-snapshot.ts). */
  constructor(
    private readonly engineModule: string,
    private readonly timeoutMs: number,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    const child = fork(HOST_FILE, [this.engineModule], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, SIGHTLINE_HOME: '' } });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    const ready = new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) => reject(new HostDied(`import host exited before it was ready (${signal ?? code}): ${this.output}`));
      child.once('exit', onExit);
      child.once('message', () => {
        child.off('exit', onExit);
        resolve();
      });
    });
    child.on('message', (msg: { id?: number; type?: string; what?: string; message?: string } & HostReply) => {
      if (msg.type === 'crash') this.crashes.push(`${msg.what}: ${msg.message}`);
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new HostDied(`the engine process ended (${signal ?? `exit ${code}`})`));
        this.pending.delete(id);
      }
    });
    await ready;
  }

  /** Sends one request; rejects with HostTimeout (after killing the host) or HostDied. */
  request(msg: Record<string, unknown>): Promise<HostReply> {
    const child = this.child;
    if (!child) return Promise.reject(new HostDied('the engine process is not running'));
    const id = this.nextId++;
    return new Promise<HostReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.kill();
        reject(new HostTimeout(`no answer within ${this.timeoutMs / 1000} s to ${String(msg.op)} ${String(msg.name ?? '')}; the engine process was killed`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      child.send({ ...msg, id });
    });
  }

  /** A request that must succeed (setup steps): the value, or an Error with the payload's message. */
  async call<T>(msg: Record<string, unknown>): Promise<T> {
    const r = await this.request(msg);
    if (!r.ok) throw new Error(`${String(msg.op)} ${String(msg.name ?? '')} failed: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  }

  /** What the host printed and reported as crashes since the last call. */
  takeOutput(): { output: string; crashes: string[] } {
    const taken = { output: this.output, crashes: this.crashes };
    this.output = '';
    this.crashes = [];
    return taken;
  }

  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await this.request({ op: 'close' });
    } catch {
      // Closing is best effort: a host that cannot close is killed below.
    }
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}
