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

if (electron) {
  if (!existsSync(path.join(root, 'native', 'electron', 'better_sqlite3.node'))) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'rebuild-electron-native.js')], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  forward(spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' }));
} else {
  console.log("Electron's desktop binary is not installed here, so Sightline opens in your browser instead (sightline serve).");
  forward(spawn(process.execPath, [path.join(root, 'bin', 'sightline.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }));
}
