import fs from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';
import { repoRoot } from '../helpers/fixtures.js';

/** Relative imports, absolute paths and zod go into the bundle; packages load from node_modules. */
const external = (id: string) => !id.startsWith('.') && !path.isAbsolute(id) && !/^zod(\/|$)/.test(id);

/**
 * The engine as of now, bundled from src/ into a folder of its own under
 * dist/ (where node_modules is found), with its parse worker beside it as
 * import-parse.ts looks for it. The engine process loads this snapshot, not
 * dist/core, which other tests rebuild in place while the fuzzer runs. The
 * job worker is beside it too, as engine.ts looks for it, so heavy operations
 * run there as in the app.
 * Returns the folder and the engine module; remove the folder when done.
 */
export async function buildEngineSnapshot(): Promise<{ dir: string; entry: string }> {
  fs.mkdirSync(path.join(repoRoot, 'dist'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repoRoot, 'dist', 'fuzz-engine-'));
  const entries = [
    { input: path.join(repoRoot, 'src', 'core', 'index.ts'), file: 'engine.js' },
    { input: path.join(repoRoot, 'src', 'core', 'telemetry', 'parse-worker.ts'), file: 'parse-worker.js' },
    { input: path.join(repoRoot, 'src', 'core', 'jobs', 'job-worker.ts'), file: 'job-worker.js' },
  ];
  for (const { input, file } of entries) {
    await build({
      input,
      platform: 'node',
      external,
      resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
      logLevel: 'warn',
      output: { dir, format: 'esm', entryFileNames: file, chunkFileNames: `${path.parse(file).name}-[name]-[hash].js` },
    });
  }
  return { dir, entry: path.join(dir, 'engine.js') };
}
