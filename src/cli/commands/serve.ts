import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../../core/index.js';
import { UsageError } from '../output.js';
import { rendererDir } from '../paths.js';
import { requireCase } from '../resolve-case.js';
import { startHttpHost } from '../serve/http-host.js';

/**
 * `sightline serve [--port N] [--no-open] [--max-upload SIZE] [--case NAME]`:
 * the UI in a browser, on 127.0.0.1 only, until Ctrl-C. It prints a one-time
 * sign-in link (Enter prints another) and opens the browser on one through a
 * private file, so no secret is ever on a command line. With --case the link
 * opens that case (`#/cases/<id>/graph?code=…`).
 */
export async function serveCommand(engine: Engine, opts: { port?: string | undefined; open: boolean; case?: string | undefined }): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${opts.port}"`);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new UsageError(`the UI is not built (${rendererDir} is missing): run npm run build`);
  }
  // Named before serving: a case that does not exist stops here, with the list to look at.
  const place = opts.case === undefined ? '' : `/cases/${encodeURIComponent((await requireCase(engine, opts.case)).id)}/graph`;
  const host = await startHttpHost({ engine, rendererDir, port });
  const signInUrl = () => host.newSignInUrl(place);
  process.stdout.write(
    `Sightline is serving on ${host.origin}/ (127.0.0.1 only; Ctrl-C stops)\n` +
      `Sign in with this link (it works once${process.stdin.isTTY ? '; press Enter for another' : ''}):\n${signInUrl()}\n`,
  );
  let launcher: string | null = null;
  if (opts.open) {
    launcher = writeLauncher(engine.layout.root, host.port, signInUrl());
    openBrowser(pathToFileURL(launcher).href);
  }
  const prompt = process.stdin.isTTY ? readline.createInterface({ input: process.stdin }) : null;
  prompt?.on('line', () => process.stdout.write(`${signInUrl()}\n`));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  prompt?.close();
  if (launcher) fs.rmSync(launcher, { force: true });
  await host.close();
  return 0;
}

/** `--max-upload 8G`: a size in bytes with an optional K, M, G or T (powers of 1024). */
export function parseSize(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(text);
  const units: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
  const bytes = m ? Math.floor(Number(m[1]) * (units[(m[2] ?? '').toUpperCase()] ?? 1)) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(`${option} takes a size such as 500M or 8G, not "${text}"`);
  return bytes;
}

/**
 * The browser is opened on a file only its owner can read, which forwards to
 * the sign-in link: the command line of the browser (visible to every user in
 * the process list) names only the file. Notebook servers do the same.
 */
function writeLauncher(home: string, port: number, signInUrl: string): string {
  const file = path.join(home, `open-${port}.html`);
  const html = `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${signInUrl}"><title>Sightline</title><p>Opening Sightline…</p>\n`;
  fs.writeFileSync(file, html, { mode: 0o600 });
  return file;
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stdout.write('(could not open a browser: open the sign-in link above yourself)\n'));
    child.unref();
  } catch {
    // Opening a browser is a convenience; the link is printed either way.
  }
}
