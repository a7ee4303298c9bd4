// Builds better-sqlite3 for Electron's ABI into native/electron/, leaving the
// Node build in node_modules untouched: tests, the CLI and the browser host
// keep working, and the desktop app loads this copy through better-sqlite3's
// `nativeBinding` option (see src/main/native-binding.ts and CODE.md).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const moduleDir = path.join(root, 'node_modules', 'better-sqlite3');
const version = JSON.parse(readFileSync(path.join(moduleDir, 'package.json'), 'utf8')).version;

// A scratch project holding a copy of the module, so the rebuild cannot touch node_modules.
const scratch = path.join(root, 'native', '.build');
rmSync(scratch, { recursive: true, force: true });
mkdirSync(path.join(scratch, 'node_modules'), { recursive: true });
writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'sightline-native', private: true, dependencies: { 'better-sqlite3': version } }));
cpSync(moduleDir, path.join(scratch, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
});

console.log(`Building better-sqlite3 ${version} for Electron ${electronVersion}…`);
const { rebuild } = require('@electron/rebuild');
try {
  await rebuild({ buildPath: scratch, electronVersion, force: true, onlyModules: ['better-sqlite3'] });
} catch (err) {
  console.error(`sightline: could not build better-sqlite3 for Electron ${electronVersion}: ${err.message}`);
  console.error('The desktop app needs it; the browser host (npm run serve) does not.');
  process.exit(1);
}
const built = path.join(scratch, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(built)) {
  console.error(`sightline: the Electron build did not produce ${built}`);
  process.exit(1);
}
const target = path.join(root, 'native', 'electron');
mkdirSync(target, { recursive: true });
copyFileSync(built, path.join(target, 'better_sqlite3.node'));
rmSync(scratch, { recursive: true, force: true });
console.log(`Wrote ${path.relative(root, path.join(target, 'better_sqlite3.node'))}`);
