// Bundles the compiled CLI (dist/cli/main.js), the engine's job worker
// (dist/core/jobs/job-worker.js) and the import's parse worker
// (dist/core/telemetry/parse-worker.js) into dist/bundle/, which
// bin/sightline.js runs. Why: Node 20 loads ES modules file by file, and the
// ~180 compiled files plus zod's own cost every command ~0.3 s before it does
// anything (the worker ~50 ms more before an import's first row). One file
// each loads in a third of that. Packages with native code or large optional
// parts stay outside and load as usual: only relative imports and zod are
// bundled.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'bundle');

/** Everything that is neither relative, absolute nor zod: loaded from node_modules at run time. */
const external = (id) => !id.startsWith('.') && !path.isAbsolute(id) && !/^zod(\/|$)/.test(id);

const entries = [
  // The same directory depth as dist/cli/: paths.ts finds the package root two levels up.
  { input: 'dist/cli/main.js', file: 'cli.js' },
  // Beside cli.js: import-parse.ts looks for parse-worker.js next to itself, engine.ts for job-worker.js.
  { input: 'dist/core/telemetry/parse-worker.js', file: 'parse-worker.js' },
  { input: 'dist/core/jobs/job-worker.js', file: 'job-worker.js' },
];

// Built aside, then moved in file by file (rename replaces atomically), the
// entries last: tests build while other test files run the CLI, and must never
// see a half-written bundle. Chunks of earlier builds are left (hashed names).
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
const staging = fs.mkdtempSync(path.join(root, 'dist', '.bundle-'));
try {
  for (const { input, file } of entries) {
    const from = path.join(root, input);
    if (!fs.existsSync(from)) throw new Error(`${input} is missing: run tsc -p tsconfig.node.json first`);
    await build({
      input: from,
      platform: 'node',
      external,
      logLevel: 'warn',
      // Lazily loaded modules (the X client, the EVTX parser) become chunks beside the entry.
      output: { dir: staging, format: 'esm', entryFileNames: file, chunkFileNames: `${path.parse(file).name}-[name]-[hash].js`, sourcemap: true },
    });
  }
  fs.mkdirSync(outDir, { recursive: true });
  const isEntry = (f) => entries.some((e) => f === e.file || f === `${e.file}.map`);
  const files = fs.readdirSync(staging).sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)));
  for (const f of files) fs.renameSync(path.join(staging, f), path.join(outDir, f));
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
