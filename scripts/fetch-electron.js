// `postinstall`: Electron's desktop binary, where it can be downloaded; one
// line saying so where it cannot, and `npm ci` goes on.
//
// The electron npm package holds Electron's JavaScript and TypeScript types;
// its own postinstall then downloads the binary (~100 MB, from GitHub), and
// when that host is unreachable (air-gapped machines, CI) its failure fails
// the whole `npm ci`. So package.json denies that script (`allowScripts`:
// `"electron": false`, honoured from npm 11.16, hence `devEngines`) and this
// step runs the same install.js itself. The package, its types and the build
// are then the same on every machine; only the binary may be missing, and
// `npm start` opens the browser host instead (scripts/start.js).
//
// Not an optionalDependency: npm removes a failed optional package whole,
// types included, and electron-vite reads electron/package.json to choose its
// build target, so the build and the desktop code's typecheck would break
// exactly where the download fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { electronBinary } from './electron-binary.js';
import { isNpxSelfInstall } from './npx-self-install.js';

/** Why install.js left no binary, in a few words (its own output is a stack trace). */
function reason(run) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  if (run.error) return run.error.message;
  const lines = `${run.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const error = lines.find((l) => /\w*Error\b/.test(l)) ?? lines[0];
  return error ? error.slice(0, 200) : `its installer exited with ${run.status ?? run.signal}`;
}

// install.js itself returns at once when the binary of this version is there.
if (!isNpxSelfInstall()) {
  let why;
  try {
    const installer = createRequire(import.meta.url).resolve('electron/install.js');
    const run = spawnSync(process.execPath, [installer], { cwd: path.dirname(installer), stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    if (!electronBinary()) why = reason(run);
  } catch (err) {
    why = `the electron package is missing: ${err.message.split('\n')[0]}`;
  }
  if (why) console.log(`sightline: Electron's desktop binary could not be installed (${why}); npm start will open Sightline in your browser instead.`);
}
