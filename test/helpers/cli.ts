import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './fixtures.js';

/** Compiles src/ to dist/ and bundles it into dist/bundle/ (what bin/sightline.js runs): npm run build:node. */
export function buildCli(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node.json'], { cwd: repoRoot, stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'bundle-node.js')], { cwd: repoRoot, stdio: 'pipe' });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/sightline.js ...args` with SIGHTLINE_HOME set, `input` on its standard input (closed either way); never throws on a non-zero exit. */
export function runCli(home: string, args: string[], env: Record<string, string> = {}, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [path.join(repoRoot, 'bin', 'sightline.js'), ...args],
      { cwd: repoRoot, env: { ...process.env, ...env, SIGHTLINE_HOME: home }, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

export interface RunningCli {
  child: ChildProcess;
  /** What it wrote to standard error so far. */
  stderr(): string;
  /** Resolves once standard error matches `pattern`; rejects when the process ends first. */
  saidOnStderr(pattern: RegExp): Promise<void>;
  done: Promise<CliResult>;
}

/** Starts `node bin/sightline.js ...args` with SIGHTLINE_HOME set, for tests that act while it runs (signals, races). */
export function startCli(home: string, args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'sightline.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, SIGHTLINE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
  return {
    child,
    stderr: () => stderr,
    saidOnStderr: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(stderr)) return;
          child.stderr?.off('data', check);
          resolve();
        };
        child.stderr?.on('data', check);
        check();
        void done.then(() => (pattern.test(stderr) ? resolve() : reject(new Error(`exited before saying ${pattern} on stderr; it said: ${stderr}`))));
      }),
    done,
  };
}
