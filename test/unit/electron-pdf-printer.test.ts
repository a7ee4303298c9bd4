import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PrintToPDFOptions } from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import { electronPdfPrinter, PDF_OPTIONS, PRINT_PARTITION, type PrintSession, type PrintWindow } from '../../src/main/electron-pdf-printer.js';

/**
 * The desktop app's printer over a fake of the little of Electron it uses
 * (Electron cannot run here): the window it makes, the session it locks
 * down, what it asks printToPDF for, and that the window is destroyed
 * whatever happens. The window's preferences (print-window.ts: sandboxed,
 * JavaScript off, no preload) are read by electronegativity.test.ts.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'electron-printer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');

interface FakeWindow extends PrintWindow {
  loaded: string[];
  printed: PrintToPDFOptions[];
  destroyed: boolean;
  navigation: ((event: { preventDefault(): void }) => void)[];
  opens: (() => { action: 'deny' })[];
}

function fakeElectron(behave: { load?: (file: string) => Promise<void>; print?: () => Promise<Uint8Array> } = {}) {
  const windows: FakeWindow[] = [];
  let requests: ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) | null = null;
  const permissions: { request?: (wc: unknown, p: string, cb: (granted: boolean) => void) => void; check?: () => boolean } = {};
  const partitions: string[] = [];
  const session: PrintSession = {
    webRequest: { onBeforeRequest: (listener) => (requests = listener) },
    setPermissionRequestHandler: (handler) => (permissions.request = handler),
    setPermissionCheckHandler: (handler) => (permissions.check = handler),
  };
  const deps = {
    createWindow(): PrintWindow {
      const win: FakeWindow = {
        loaded: [],
        printed: [],
        destroyed: false,
        navigation: [],
        opens: [],
        webContents: {
          loadFile: async (file) => {
            win.loaded.push(file);
            await behave.load?.(file);
          },
          printToPDF: async (o) => {
            win.printed.push(o);
            return behave.print ? behave.print() : PDF;
          },
          setWindowOpenHandler: (handler) => win.opens.push(handler),
          on: (_event, listener) => win.navigation.push(listener),
        },
        isDestroyed: () => win.destroyed,
        destroy: () => (win.destroyed = true),
      };
      windows.push(win);
      return win;
    },
    session(partition: string): PrintSession {
      partitions.push(partition);
      return session;
    },
  };
  /** Would the print session let this URL load? */
  const allows = (url: string): boolean => {
    let cancel = true;
    requests?.({ url }, (r) => (cancel = r.cancel));
    return !cancel;
  };
  return { deps, windows, partitions, permissions, allows };
}

const pagePath = () => {
  const page = path.join(fs.mkdtempSync(path.join(dir, 'p-')), 'report.html');
  fs.writeFileSync(page, '<!doctype html><p>report');
  return { page, pdf: path.join(path.dirname(page), 'report.pdf') };
};
const never = () => new AbortController().signal;

describe('the Electron PDF printer', () => {
  it('prints the page in a window of its own, in its own in-memory session, A4 with the page CSS, and destroys it', async () => {
    const e = fakeElectron();
    const { page, pdf } = pagePath();
    let allowedWhileLoading: boolean[] = [];
    const printer = electronPdfPrinter({
      ...e.deps,
      createWindow: () => {
        const win = e.deps.createWindow();
        const load = win.webContents.loadFile;
        win.webContents.loadFile = async (file) => {
          allowedWhileLoading = [e.allows(pathToFileURL(page).href), e.allows('https://example.com/x.png'), e.allows(pathToFileURL(path.join(path.dirname(page), 'other.html')).href), e.allows('data:text/html,x')];
          return load(file);
        };
        return win;
      },
    });
    await printer(page, pdf, { signal: never(), timeoutMs: 5_000 });
    expect(fs.readFileSync(pdf)).toEqual(PDF);
    expect(fs.statSync(pdf).mode & 0o777).toBe(0o600);
    const [win] = e.windows as [FakeWindow];
    expect(PRINT_PARTITION.startsWith('persist:')).toBe(false);
    expect(e.partitions).toEqual([PRINT_PARTITION]);
    expect(win.loaded).toEqual([page]);
    expect(win.printed).toEqual([PDF_OPTIONS]);
    expect(PDF_OPTIONS).toMatchObject({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    expect(win.destroyed).toBe(true);
    // Only the page itself loads, and only while it prints.
    expect(allowedWhileLoading).toEqual([true, false, false, false]);
    expect(e.allows(pathToFileURL(page).href)).toBe(false);
    // No permission, no navigation, no new window.
    let granted: boolean | null = null;
    e.permissions.request?.(null, 'media', (g) => (granted = g));
    expect([granted, e.permissions.check?.()]).toEqual([false, false]);
    let prevented = false;
    win.navigation[0]?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(win.opens[0]?.()).toEqual({ action: 'deny' });
  });

  it('sets the session up once for many prints', async () => {
    const e = fakeElectron();
    const printer = electronPdfPrinter(e.deps);
    for (let i = 0; i < 3; i++) {
      const { page, pdf } = pagePath();
      await printer(page, pdf, { signal: never(), timeoutMs: 5_000 });
    }
    expect(e.partitions).toHaveLength(1);
    expect(e.windows.map((w) => w.destroyed)).toEqual([true, true, true]);
  });

  it('passes a failed load or print on, writes nothing and destroys the window', async () => {
    for (const behave of [{ load: () => Promise.reject(new Error('ERR_FILE_NOT_FOUND')) }, { print: () => Promise.reject(new Error('Failed to generate PDF')) }]) {
      const e = fakeElectron(behave);
      const { page, pdf } = pagePath();
      await expect(electronPdfPrinter(e.deps)(page, pdf, { signal: never(), timeoutMs: 5_000 })).rejects.toThrow(/ERR_FILE_NOT_FOUND|Failed to generate PDF/);
      expect(fs.existsSync(pdf)).toBe(false);
      expect(e.windows[0]?.destroyed).toBe(true);
    }
  });

  it('a cancel mid-print ends it at once: cancelled, no file, the window destroyed', async () => {
    let finish = (_data: Uint8Array): void => undefined;
    const e = fakeElectron({ print: () => new Promise((resolve) => (finish = resolve)) });
    const { page, pdf } = pagePath();
    const abort = new AbortController();
    const printing = electronPdfPrinter(e.deps)(page, pdf, { signal: abort.signal, timeoutMs: 60_000 });
    await expect.poll(() => e.windows[0]?.printed.length).toBe(1);
    abort.abort();
    await expect(printing).rejects.toMatchObject({ code: 'CANCELLED', message: 'the report was cancelled; no file was written' });
    expect(e.windows[0]?.destroyed).toBe(true);
    finish(PDF);
    await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(pdf)).toBe(false);
  });

  it('gives up after the timeout, and refuses to start when already cancelled', async () => {
    const e = fakeElectron({ print: () => new Promise(() => undefined) });
    const { page, pdf } = pagePath();
    await expect(electronPdfPrinter(e.deps)(page, pdf, { signal: never(), timeoutMs: 50 })).rejects.toThrow('Electron did not print the report within 0.05 s');
    expect(e.windows[0]?.destroyed).toBe(true);
    const abort = new AbortController();
    abort.abort();
    await expect(electronPdfPrinter(e.deps)(page, pdf, { signal: abort.signal, timeoutMs: 50 })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(e.windows).toHaveLength(1);
  });
});
