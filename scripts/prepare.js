// `prepare` (npm ci, npm install, npm pack): builds the CLI, the UI and the
// desktop app, except inside npx's install of this same folder.
import { spawnSync } from 'node:child_process';
import { isNpxSelfInstall } from './npx-self-install.js';

if (!isNpxSelfInstall()) {
  // npm_execpath is the npm running this script; by hand, whatever npm is on the PATH.
  const npm = process.env.npm_execpath;
  const run = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exitCode = run.status ?? 1;
}
