// Builds better-sqlite3 for Electron's ABI into native/electron/, leaving the
// Node build in node_modules untouched: tests, the CLI and the browser host
// keep working, and the desktop app loads this copy through better-sqlite3's
// `nativeBinding` option (see src/main/native-binding.ts and CODE.md).
//
// The same two ways better-sqlite3's own install takes for Node, aimed at
// Electron: its prebuilt binary for Electron's ABI (prebuild-install, from the
// module's GitHub releases: no compiler needed), else node-gyp against
// Electron's headers, as Electron's documentation shows for a build by hand,
// with the node-gyp npm ships (npm hands its path to every script it runs).
// @electron/rebuild did the same but, from version 4, wants Node 22.12.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const versionOf = (dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
const electronVersion = versionOf(path.join(root, 'node_modules', 'electron'));
const moduleDir = path.join(root, 'node_modules', 'better-sqlite3');
const version = versionOf(moduleDir);

// A copy of the module, so the build cannot touch node_modules.
const scratch = path.join(root, 'native', '.build');
const copy = path.join(scratch, 'better-sqlite3');
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
cpSync(moduleDir, copy, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
});

// A nodedir, target or dist-url from the user's npm config would point both at Node's binaries and headers.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|target|dist_?url|runtime|build_from_source)$/i.test(key)),
);
const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');

/** node-gyp against Electron's headers; returns why it failed, or '' once the module is built. */
function buildFromSource() {
  const nodeGyp = process.env.npm_config_node_gyp;
  if (!nodeGyp || !existsSync(nodeGyp)) return 'no prebuilt binary, and no node-gyp to build one: run this as `npm run rebuild:electron`';
  console.log(`None to be had: building better-sqlite3 ${version} for Electron ${electronVersion}…`);
  const build = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
    { cwd: copy, env, stdio: 'inherit' },
  );
  return build.status === 0 && existsSync(built) ? '' : `node-gyp ${build.error?.message ?? `exited with ${build.status}`}`;
}

const prebuildInstall = createRequire(path.join(moduleDir, 'package.json')).resolve('prebuild-install/bin.js');
// Its prebuilt binary first (what npm ci does for Node), else a build.
console.log(`Fetching better-sqlite3 ${version} prebuilt for Electron ${electronVersion}…`);
const prebuilt = spawnSync(process.execPath, [prebuildInstall, '--runtime=electron', `--target=${electronVersion}`], { cwd: copy, env, stdio: 'inherit' });
const failure = prebuilt.status === 0 && existsSync(built) ? '' : buildFromSource();
if (failure) {
  rmSync(scratch, { recursive: true, force: true });
  console.error(`sightline: could not build better-sqlite3 for Electron ${electronVersion} (${failure}).`);
  console.error('The desktop app needs it; the browser host (npm run serve) does not.');
  process.exit(1);
}
const target = path.join(root, 'native', 'electron');
mkdirSync(target, { recursive: true });
copyFileSync(built, path.join(target, 'better_sqlite3.node'));
rmSync(scratch, { recursive: true, force: true });
console.log(`Wrote ${path.relative(root, path.join(target, 'better_sqlite3.node'))}`);
