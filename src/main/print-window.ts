import { BrowserWindow } from 'electron';
import { PRINT_PARTITION, type PrintWindow } from './electron-pdf-printer.js';

/**
 * The hidden window one PDF report is printed in (electron-pdf-printer.ts,
 * which destroys it after): sandboxed, isolated, no Node, no preload,
 * JavaScript off, in the printer's in-memory partition. The preferences are
 * written out here, at the constructor, so a reader and Electronegativity
 * (test/integration/electronegativity.test.ts) see every one.
 */
export function newPrintWindow(): PrintWindow {
  return new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      partition: PRINT_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
