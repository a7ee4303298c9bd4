import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/fixtures.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/*
 * The README's `npm ci && npm start` where Electron's binary cannot be
 * downloaded, step by step: the install step that fetches it says so in one
 * line and lets `npm ci` go on; `npm start` says so in one line and serves the
 * UI on loopback; the first `npx sightline` redoes neither install step.
 * (`.ci/run` runs the README's commands themselves in a clean clone, where the
 * download always fails.) Electron's own ELECTRON_OVERRIDE_DIST_PATH, pointed
 * at an empty folder, stands for "no binary" even where one is installed, and
 * its ELECTRON_MIRROR points at a loopback stand-in that counts requests and
 * has nothing: nothing is ever downloaded.
 */
const tmp = new TempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  tmp.cleanup();
});

const electronVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
const cliBundle = path.join(repoRoot, 'dist', 'bundle', 'cli.js');
const renderer = path.join(repoRoot, 'out', 'renderer', 'index.html');

beforeAll(() => {
  // npm start builds first; here only what is missing is built (npm ci and test:all build everything).
  if (!fs.existsSync(cliBundle)) buildCli();
  if (!fs.existsSync(renderer)) {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: repoRoot, stdio: 'pipe' });
  }
}, 180_000);

/** A stand-in for Electron's download host on 127.0.0.1 that has no file: every request gets 404. */
async function emptyMirror(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

/** The environment of a machine without Electron's binary, as npm gives it to a script of `npm <command>`. */
function withoutBinary(mirror: string, npmCommand: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_command: npmCommand,
    ELECTRON_OVERRIDE_DIST_PATH: tmp.make('sightline-no-electron-'),
    ELECTRON_MIRROR: mirror,
    electron_config_cache: tmp.make('sightline-electron-cache-'),
    SIGHTLINE_HOME: tmp.make('sightline-home-'),
  };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return env;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: repoRoot, env, timeout: 90_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('first run without an Electron binary', () => {
  it('npm ci: the Electron step tries the download, then says in one line that npm start will use the browser, and succeeds', async () => {
    const mirror = await emptyMirror();
    const r = await run(process.execPath, [path.join(repoRoot, 'scripts', 'fetch-electron.js')], withoutBinary(mirror.url, 'ci'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(/^sightline: Electron's desktop binary could not be installed \(.*404.*\); npm start will open Sightline in your browser instead\.$/),
    ]);
    expect(mirror.requests.some((url) => url.includes(`electron-v${electronVersion}-`))).toBe(true);
  });

  it('npm start: one line about the browser, then a URL on 127.0.0.1 whose / answers 200', async () => {
    const mirror = await emptyMirror();
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.js'), '--no-open'], { cwd: repoRoot, env: withoutBinary(mirror.url, 'start'), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 60 s: ${stdout}${stderr}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      void exited.then((code) => reject(new Error(`start.js exited with ${code}: ${stdout}${stderr}`)));
    });

    expect(lines(stdout)[0]).toBe("Electron's desktop binary is not installed here, so Sightline opens in your browser instead (sightline serve).");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get(`http://127.0.0.1:${port}/`, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(200);

    // Ctrl-C (here SIGTERM) reaches the browser host through start.js, and both end.
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines(stdout).filter((l) => /electron/i.test(l))).toHaveLength(1);
    expect(stderr).toBe('');
  });

  it('the first npx sightline neither rebuilds nor fetches Electron again: it runs the built command', async () => {
    const mirror = await emptyMirror();
    // A fresh npm cache makes this npx's first run here; npx itself tells the install steps it is npx.
    const env = { ...withoutBinary(mirror.url, 'ci'), npm_config_cache: tmp.make('sightline-npm-cache-') };
    const builtAt = [cliBundle, renderer].map((f) => fs.statSync(f).mtimeMs);
    const r = await run('npx', ['sightline', '--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: sightline <command>/);
    expect([cliBundle, renderer].map((f) => fs.statSync(f).mtimeMs)).toEqual(builtAt);
    expect(mirror.requests).toEqual([]);
  });
});
