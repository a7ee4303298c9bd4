// `npm run fuzz -- [options]`: builds the engine and CLI (the fuzzer imports
// through both), bundles the fuzzer (test/fuzz/main.ts, TypeScript) into
// dist/fuzz/ and runs it. Options are the fuzzer's (--help lists them);
// --no-build skips the build when dist/ is current.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');

if (!noBuild && !args.includes('--help') && !args.includes('-h')) {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle-node.js')], { cwd: root, stdio: 'inherit' });
}
// Two levels below the root, as test/fuzz/ is: test/helpers/fixtures.ts finds the repository from there.
const out = path.join(root, 'dist', 'fuzz', 'fuzz.mjs');
await build({
  input: path.join(root, 'test', 'fuzz', 'main.ts'),
  platform: 'node',
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  logLevel: 'warn',
  output: { file: out, format: 'esm' },
});
const { fuzzMain } = await import(pathToFileURL(out).href);
try {
  process.exitCode = await fuzzMain(args.filter((a) => a !== '--no-build'));
} catch (err) {
  process.stderr.write(`fuzz: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
