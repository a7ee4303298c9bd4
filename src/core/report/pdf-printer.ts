import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidInputError, SightlineError } from '../errors/index.js';
import { findChromium, NO_CHROMIUM } from './find-chromium.js';
import { reportCancelled } from './report-cancelled.js';

export interface PrintOptions {
  /** The job's cancel: the print stops and the promise rejects at once. */
  signal: AbortSignal;
  /** A printer that hangs is stopped after this long. */
  timeoutMs: number;
}

/**
 * What prints the HTML report to PDF: `page` (the report's HTML, alone in a
 * private temporary folder, with a CSP that lets nothing load or run)
 * printed to `pdf` beside it on A4 with its own @page header and footer.
 * Resolves once `pdf` is written; rejects on cancel (promptly: the writer
 * does not wait for a printer that ignores it) or failure. The default is
 * the system Chromium (systemChromiumPrinter); the desktop app gives the
 * engine Electron's (main/electron-pdf-printer.ts). A job in the job worker
 * asks the serving thread to print (jobs/job-protocol.ts, `errand`), where
 * the host's printer is.
 */
export type PdfPrinter = (page: string, pdf: string, o: PrintOptions) => Promise<void>;

/** The end of Chromium's log kept for an error (its first lines are dbus noise). */
const LOG_TAIL = 2_000;

/**
 * `chromium --headless --print-to-pdf`, the Chromium found when printing
 * (find-chromium.ts: none is an INVALID_INPUT saying how to get one), with a
 * throwaway profile in a temporary folder of its own (removed whatever
 * happens), no name resolution, and in its own process group, killed on
 * cancel or timeout.
 */
export function systemChromiumPrinter(find: () => string | null = () => findChromium()): PdfPrinter {
  return async (page, pdf, o) => {
    const chromium = find();
    if (!chromium) throw new InvalidInputError(NO_CHROMIUM, { field: 'format' });
    const profile = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sightline-pdf-profile-'));
    try {
      await printWithChromium(chromium, page, pdf, { ...o, profile });
    } finally {
      await fs.promises.rm(profile, { recursive: true, force: true });
    }
  };
}

/**
 * The file URL of the page, printed without Chromium's own date/title header
 * (the page's CSS has its own). --no-sandbox: Chromium refuses to start as
 * root with its sandbox, and the page it opens is our own file whose CSP lets
 * nothing load or run.
 */
function printWithChromium(chromium: string, page: string, pdf: string, o: PrintOptions & { profile: string }): Promise<void> {
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
    `--user-data-dir=${o.profile}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    pathToFileURL(page).href,
  ];
  return new Promise((resolve, reject) => {
    if (o.signal.aborted) return reject(reportCancelled());
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
    const onAbort = () => finish(reportCancelled());
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
