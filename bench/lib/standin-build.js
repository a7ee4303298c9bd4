// The service stand-ins live in TypeScript under test/standins (the tests run them through
// vitest). A plain `node bench/run.js` has no TypeScript loader on Node 20, so this compiles them
// with the TypeScript compiler API: ts.transpileModule per file (syntax only, no type check),
// same folder layout, import specifiers untouched (the sources already write `./x.js`).
// Other files (the test TLS certificate) are copied as they are.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const OPTIONS = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, sourceMap: false };

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Compiles test/standins/** into `<workDir>/standins` (replacing what was there); returns that folder. */
export function buildStandIns(root, workDir) {
  const src = path.join(root, 'test', 'standins');
  const out = path.join(workDir, 'standins');
  fs.rmSync(out, { recursive: true, force: true });
  for (const file of walk(src)) {
    const target = path.join(out, path.relative(src, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) {
      fs.copyFileSync(file, target);
      continue;
    }
    const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: OPTIONS, fileName: file, reportDiagnostics: true });
    if (diagnostics?.length) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
    fs.writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
  }
  // bench/.work sits inside the repository, whose package.json says "type": "module"; say it here too.
  fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  return out;
}

/** The X API stand-in module (startXApiStandIn, makePost, makeUser, …), freshly compiled. */
export async function importXApiStandIn(root, workDir) {
  const out = buildStandIns(root, workDir);
  return import(pathToFileURL(path.join(out, 'x-api', 'index.js')).href);
}
