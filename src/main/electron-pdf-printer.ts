import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrintToPDFOptions } from 'electron';
import { reportCancelled, type PdfPrinter } from '../core/index.js';

/** The little of a BrowserWindow the printer uses (a fake in test/unit/electron-pdf-printer.test.ts). */
export interface PrintWindow {
  webContents: {
    loadFile(file: string): Promise<void>;
    printToPDF(options: PrintToPDFOptions): Promise<Uint8Array>;
    setWindowOpenHandler(handler: () => { action: 'deny' }): void;
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }) => void): unknown;
  };
  isDestroyed(): boolean;
  destroy(): void;
}

/** The little of a Session the printer sets up, once. */
export interface PrintSession {
  webRequest: { onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void };
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

export interface ElectronPrinterDeps {
  /** A new hidden print window (print-window.ts: its preferences, written out for review). */
  createWindow(): PrintWindow;
  /** `session.fromPartition(partition)`: a name without `persist:` is kept in memory only. */
  session(partition: string): PrintSession;
}

/** In memory (no `persist:`): nothing of a print stays on disk, and the app's own session is not touched. */
export const PRINT_PARTITION = 'sightline-pdf-print';

/**
 * A4 with the page's own @page rules: `preferCSSPageSize` lets its `size: A4`
 * win; its `@page { margin }` wins over printToPDF's default margins, and its
 * margin boxes are the header (title, TLP) and footer ("Page N of M"), so
 * Chromium's own header and footer (date, file URL) stay off; backgrounds
 * print (the TLP label, severity colours). As the CLI's headless Chromium
 * prints it (core/report/pdf-printer.ts).
 */
export const PDF_OPTIONS: PrintToPDFOptions = {
  pageSize: 'A4',
  landscape: false,
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
};

/**
 * The desktop app's PDF printer: Electron's own Chromium (`printToPDF`), so
 * the app prints without a system Chromium. The page is loaded into a hidden
 * window made for the one print (print-window.ts: sandboxed, JavaScript off,
 * no preload) in an in-memory session of its own whose every request is
 * refused but the page itself, every permission denied, no navigation or
 * new window. The window is
 * destroyed whatever happens; a cancel or the timeout ends the print at once.
 */
export function electronPdfPrinter(deps: ElectronPrinterDeps): PdfPrinter {
  const printing = new Set<string>();
  let session: PrintSession | null = null;
  const setUp = (): void => {
    if (session) return;
    session = deps.session(PRINT_PARTITION);
    session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !printing.has(fileOf(details.url) ?? '') }));
    session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.setPermissionCheckHandler(() => false);
  };

  return async (page, pdf, { signal, timeoutMs }) => {
    if (signal.aborted) throw reportCancelled();
    setUp();
    const file = path.resolve(page);
    printing.add(file);
    const win = deps.createWindow();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort = (): void => undefined;
    try {
      win.webContents.on('will-navigate', (event) => event.preventDefault());
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      const stopped = new Promise<never>((_resolve, reject) => {
        onAbort = () => reject(reportCancelled());
        signal.addEventListener('abort', onAbort, { once: true });
        timer = setTimeout(() => reject(new Error(`Electron did not print the report within ${timeoutMs / 1000} s`)), timeoutMs);
      });
      const printed = win.webContents.loadFile(file).then(() => win.webContents.printToPDF(PDF_OPTIONS));
      // The loser of the race fails later (a window destroyed mid-print): already answered.
      printed.catch(() => undefined);
      stopped.catch(() => undefined);
      const data = await Promise.race([printed, stopped]);
      await fs.promises.writeFile(pdf, data, { mode: 0o600 });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      printing.delete(file);
      if (!win.isDestroyed()) win.destroy();
    }
  };
}

/** The path a file: URL names; null for any other URL. */
function fileOf(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  try {
    return path.resolve(fileURLToPath(url));
  } catch {
    return null;
  }
}
