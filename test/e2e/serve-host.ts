import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningHost {
  /** The one-time sign-in link serve printed: the first page.goto(url) signs the browser in. */
  url: string;
  origin: string;
  port: number;
  home: string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

export interface ServeOptions {
  demo?: boolean;
  /** Runs on the fresh data home before the host starts (e.g. imports with the CLI). */
  prepare?: (home: string) => Promise<void> | void;
  /** `serve --case NAME`: the printed link opens that case. */
  caseName?: string;
}

/** Starts the real `sightline serve` on a free port with a fresh data home and reads the URL it prints. */
export async function startServe(options: ServeOptions = {}): Promise<RunningHost> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-e2e-'));
  if (options.demo === false) {
    // A home whose demo case was already handled: the UI starts with no case.
    fs.mkdirSync(home, { recursive: true });
  }
  await options.prepare?.(home);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/sightline.js'), 'serve', '--port', '0', '--no-open', ...(options.caseName ? ['--case', options.caseName] : [])], {
    env: { ...process.env, SIGHTLINE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#(?:\/cases\/[\w-]+\/graph\?)?code=[\w-]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    home,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

export const fixturesDir = path.resolve(import.meta.dirname, '../fixtures');
export const shotsDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** A fresh `sightline serve` around each test of the file; call the returned getter inside a test. */
export function useServeHost(
  register: { beforeEach(fn: () => Promise<void>): void; afterEach(fn: () => Promise<void>): void },
  options: ServeOptions = {},
): () => RunningHost {
  let host: RunningHost | undefined;
  register.beforeEach(async () => {
    host = await startServe(options);
  });
  register.afterEach(async () => {
    await host?.stop();
    host = undefined;
  });
  return () => {
    if (!host) throw new Error('the serve host runs only inside a test');
    return host;
  };
}
