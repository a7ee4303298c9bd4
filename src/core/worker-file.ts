import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A compiled worker script beside the module at `base` (its import.meta.url):
 * dist/core/<folder>/ (tsc), dist/bundle/ (the CLI bundle) or out/main/ (the
 * Electron main bundle; electron.vite.config.ts builds the workers there). The
 * name comes in a variable so bundlers leave the URL alone. vitest runs the .ts
 * sources, where there is none: null, and the caller does the work in its own
 * thread instead, with the same results.
 */
export function workerFileBeside(name: string, base: string): URL | null {
  try {
    const url = new URL(name, base);
    return url.protocol === 'file:' && fs.existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}
