// `npm start`: the desktop app where Electron's binary is installed; where it
// is not (CI, servers, machines that set ELECTRON_SKIP_BINARY_DOWNLOAD), the
// same UI through the local browser host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

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
  console.log('No Electron binary is installed here, so Sightline runs in your browser instead (sightline serve).');
  forward(spawn(process.execPath, [path.join(root, 'bin', 'sightline.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }));
}
