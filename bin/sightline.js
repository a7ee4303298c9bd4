#!/usr/bin/env node
// The `sightline` command. The TypeScript sources compile to dist/ and are
// bundled into dist/bundle/ (npm run build; scripts/bundle-node.js says why).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('sightline: not built yet: run `npm run build` in the Sightline folder\n');
  process.exit(2);
}
// `sightline graph | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
