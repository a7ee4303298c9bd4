import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/fixtures.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
beforeAll(() => buildCli(), 120_000);
afterAll(() => tmp.cleanup());

const uiBuilt = fs.existsSync(path.join(repoRoot, 'out', 'renderer', 'index.html'));

/** The command line of a running process as others see it in `ps`. */
const cmdline = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');

describe.skipIf(!uiBuilt || process.platform !== 'linux')('sightline serve keeps its secrets out of the process list', () => {
  it('opens the browser on an owner-only file, prints a one-time link, and cleans up on exit', async () => {
    const home = tmp.make('sightline-serve-home-');
    // A stand-in for xdg-open that records what the browser would be asked to open.
    const bin = tmp.make('sightline-fake-bin-');
    const record = path.join(bin, 'opened.txt');
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${record}"\n`, { mode: 0o755 });
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'sightline.js'), 'serve', '--port', '0'], {
      env: { ...process.env, SIGHTLINE_HOME: home, PATH: `${bin}:${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const link = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no link: ${out}`)), 30_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/#code=[\w-]+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      const origin = new URL(link).origin;
      for (let i = 0; i < 100 && !fs.existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
      const opened = fs.readFileSync(record, 'utf8').trim();
      // The browser is handed a file, not the link: nothing secret on its command line.
      expect(opened).toMatch(/^file:\/\/.*\/open-\d+\.html$/);
      const launcher = new URL(opened).pathname;
      expect(fs.statSync(launcher).mode & 0o777).toBe(0o600);
      const forwarded = /url=(http:\/\/[^"]+)"/.exec(fs.readFileSync(launcher, 'utf8'))?.[1] ?? '';
      expect(forwarded).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#code=[\w-]+$/);
      expect(forwarded).not.toBe(link);
      // Nor on serve's own: it was never given one.
      const code = new URLSearchParams(new URL(link).hash.slice(1)).get('code') as string;
      expect(cmdline(child.pid as number)).not.toContain(code);
      // Each link signs in once: its code buys one session token.
      for (const l of [link, forwarded]) {
        const body = JSON.stringify({ code: new URLSearchParams(new URL(l).hash.slice(1)).get('code') });
        const first = await fetch(`${origin}/api/session`, { method: 'POST', body });
        expect(first.status).toBe(200);
        const { result } = (await first.json()) as { result: { token: string } };
        const listed = await fetch(`${origin}/api/op/listCases`, { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${result.token}` } });
        expect(listed.status).toBe(200);
        expect((await fetch(`${origin}/api/session`, { method: 'POST', body })).status).toBe(401);
      }
      expect((await fetch(`${origin}/api/op/listCases`, { method: 'POST', body: '{}' })).status).toBe(401);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      expect(fs.existsSync(launcher)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('serve --case names a case that exists or stops before serving, saying so', async () => {
    const home = tmp.make('sightline-serve-case-');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'sightline.js'), 'serve', '--port', '0', '--no-open', '--case', 'no such case'], {
      env: { ...process.env, SIGHTLINE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(out).toContain('no case named "no such case"');
    expect(out).not.toContain('Sign in');
  });
});
