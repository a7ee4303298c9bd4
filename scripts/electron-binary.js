// Where Electron's desktop binary is, or null: the electron npm package is
// always installed (its JavaScript and types), the binary only where its
// download worked (scripts/fetch-electron.js). Run directly, it exits 0 when
// the binary is there and 1 when it is not (scripts/test-all.sh asks so).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** @returns {string | null} */
export function electronBinary() {
  try {
    // The package's main is the binary's path; it throws when the binary was never installed.
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(electronBinary() ? 0 : 1);
