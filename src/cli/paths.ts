import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, two levels above this compiled file (dist/cli/paths.js, or the bundle dist/bundle/cli.js), so `npx sightline` works from anywhere. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resourcesDir = path.join(packageRoot, 'resources');
export const rendererDir = path.join(packageRoot, 'out', 'renderer');

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
