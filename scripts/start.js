// `npm start`: the desktop app where Electron's binary is installed; where it
// is not (its download failed or was skipped: air-gapped machines, CI), the
// same UI through the local browser host, after one line saying so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const electron = electronBinary();
const forward = (child) => {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
};

const serve = (why) => {
  console.log(`${why}, so Sightline opens in your browser instead (sightline serve).`);
  forward(spawn(process.execPath, [path.join(root, 'bin', 'sightline.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }));
};

/** The desktop app needs better-sqlite3 built for Electron's ABI: built once, on first start. */
function electronNativeReady() {
  if (existsSync(path.join(root, 'native', 'electron', 'better_sqlite3.node'))) return true;
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'rebuild-electron-native.js')], { stdio: 'inherit' }).status === 0;
}

if (!electron) serve("Electron's desktop binary is not installed here");
else if (!electronNativeReady()) serve('The database module could not be built for the desktop app (see above; `npm run rebuild:electron` tries again)');
else forward(spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' }));
