import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SightlineError } from '../errors/index.js';
import { htmlPieces } from './html.js';
import { systemChromiumPrinter } from './pdf-printer.js';
import { reportCancelled } from './report-cancelled.js';
import type { ReportWriter } from './writer-types.js';

/** A 200-finding report prints in a few seconds; a printer that hangs is stopped. */
export const PRINT_TIMEOUT_MS = 180_000;

/**
 * The report as PDF: the HTML report (html.ts) printed by the engine's
 * printer (pdf-printer.ts: the system Chromium, or the desktop app's
 * Electron), which honours its print CSS (A4, the margin boxes with title,
 * TLP and "Page N of M", no figure split across pages). The HTML goes to a
 * private temporary folder, the PDF is printed beside it, and the folder is
 * removed whatever happens. A cancel ends the wait at once, whatever the
 * printer does with it.
 */
export const writePdfReport: ReportWriter = async (doc, ctx) => {
  const print = ctx.printPdf ?? systemChromiumPrinter();
  const html = [...htmlPieces(doc, { ...ctx, progress: (f) => ctx.progress(f * 0.2) })].join('');
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sightline-pdf-'));
  try {
    const page = path.join(dir, 'report.html');
    const pdf = path.join(dir, 'report.pdf');
    await fs.promises.writeFile(page, html, { mode: 0o600 });
    await untilCancelled(print(page, pdf, { signal: ctx.signal, timeoutMs: PRINT_TIMEOUT_MS }), ctx.signal);
    const bytes = await fs.promises.readFile(pdf).catch(() => null);
    if (bytes === null || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new SightlineError('INTERNAL', 'the printer wrote no PDF');
    ctx.progress(1);
    return [bytes];
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
};

/** `printing`, or a cancel as soon as `signal` aborts (its later failure then goes nowhere). */
function untilCancelled(printing: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(reportCancelled());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    printing.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
