import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is native: npm builds it for Node's ABI (CLI, tests, browser
 * host). The desktop app needs a build for Electron's ABI, which
 * `npm run rebuild:electron` writes to native/electron/ without touching the
 * Node build. Returns that file, or undefined to use the Node build (which
 * only loads if the ABIs happen to match).
 */
export function electronNativeBinding(appRoot: string): string | undefined {
  const file = path.join(appRoot, 'native', 'electron', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
