import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancelledError, InvalidInputError, SightlineError } from '../errors/index.js';
import { NO_CHROMIUM } from './find-chromium.js';
import { htmlPieces } from './html.js';
import type { ReportWriter } from './writer-types.js';

/** A 200-finding report prints in a few seconds; a Chromium that hangs is stopped. */
export const PRINT_TIMEOUT_MS = 180_000;
/** The end of Chromium's log kept for an error (its first lines are dbus noise). */
const LOG_TAIL = 2_000;

/**
 * The report as PDF: the HTML report (html.ts) printed by a headless
 * Chromium, which honours its print CSS (A4, the margin boxes with title,
 * TLP and "Page N of M", no figure split across pages). The HTML goes to a
 * private temporary folder, Chromium prints it there with its own throwaway
 * profile and no name resolution, and the folder is removed whatever
 * happens. Cancelling kills Chromium.
 */
export const writePdfReport: ReportWriter = async (doc, ctx) => {
  if (!ctx.chromium) throw new InvalidInputError(NO_CHROMIUM, { field: 'format' });
  const html = [...htmlPieces(doc, { ...ctx, progress: (f) => ctx.progress(f * 0.2) })].join('');
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sightline-pdf-'));
  try {
    const page = path.join(dir, 'report.html');
    const pdf = path.join(dir, 'report.pdf');
    await fs.promises.writeFile(page, html, { mode: 0o600 });
    await printToPdf(ctx.chromium, page, pdf, { signal: ctx.signal, dir, timeoutMs: PRINT_TIMEOUT_MS });
    const bytes = await fs.promises.readFile(pdf).catch(() => null);
    if (bytes === null || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new SightlineError('INTERNAL', `${ctx.chromium} wrote no PDF`);
    ctx.progress(1);
    return [bytes];
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
};

/**
 * `chromium --headless --print-to-pdf`: the file URL of the page, printed
 * without Chromium's own date/title header (the page's CSS has its own).
 * --no-sandbox: Chromium refuses to start as root with its sandbox, and the
 * page it opens is our own file whose CSP lets nothing load or run.
 */
export function printToPdf(chromium: string, page: string, pdf: string, o: { signal: AbortSignal; dir: string; timeoutMs: number }): Promise<void> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND',
    `--user-data-dir=${path.join(o.dir, 'profile')}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    pathToFileURL(page).href,
  ];
  return new Promise((resolve, reject) => {
    if (o.signal.aborted) return reject(cancelled());
    let log = '';
    let settled = false;
    // Its own process group: Debian's chromium is a shell script, and the browser it starts must go with it.
    const child = spawn(chromium, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal.removeEventListener('abort', onAbort);
      if (err) {
        kill();
        reject(err);
      } else resolve();
    };
    const onAbort = () => finish(cancelled());
    const timer = setTimeout(() => finish(new SightlineError('INTERNAL', `${chromium} did not print the report within ${o.timeoutMs / 1000} s${tail(log)}`)), o.timeoutMs);
    o.signal.addEventListener('abort', onAbort);
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-LOG_TAIL);
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      finish(err.code === 'ENOENT' || err.code === 'EACCES' ? new InvalidInputError(`cannot run ${chromium} (${err.code}): ${NO_CHROMIUM}`, { field: 'format' }) : err),
    );
    child.on('exit', (code, signal) => {
      if (code === 0) finish(null);
      else finish(new SightlineError('INTERNAL', `${chromium} failed to print the report (${signal ?? `exit ${code}`})${tail(log)}`));
    });
  });
}

function tail(log: string): string {
  const lines = log.trim().split('\n').slice(-4).join(' | ');
  return lines ? `: ${lines}` : '';
}

function cancelled(): SightlineError {
  return new CancelledError('the report was cancelled; no file was written');
}
