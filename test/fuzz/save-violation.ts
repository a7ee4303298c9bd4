import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/fixtures.js';
import { cliArgs } from './cli-run.js';
import type { MutantPlan } from './mutant-files.js';
import type { FuzzOptions, MutantRecord } from './run-fuzz.js';

/** A path as a shell word, relative to the repository when inside it (the repro lines run from there). */
export function shellPath(p: string): string {
  const rel = path.relative(repoRoot, p);
  const shown = rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
  return /^[\w./@+-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}

/**
 * Keeps a mutant that broke an invariant: the file (or folder) and its
 * mapping in `outDir`, named by index and kind, a line in violations.jsonl,
 * and two repro lines: the fuzzer rebuilding that one mutant, and the CLI
 * importing the original then the saved mutant into a fresh home.
 */
export function saveViolation(options: FuzzOptions, plan: MutantPlan, file: string, mapFile: string | undefined, record: MutantRecord): Pick<MutantRecord, 'saved' | 'repro'> {
  const stem = `${plan.index}-${plan.kind}`;
  const saved = path.join(options.outDir, `${stem}-${path.basename(file)}`);
  fs.cpSync(file, saved, { recursive: true });
  let savedMap: string | undefined;
  if (mapFile) {
    savedMap = path.join(options.outDir, `${stem}-mapping.json`);
    fs.copyFileSync(mapFile, savedMap);
  }
  const args = (f: string, json: boolean) => cliArgs({ target: plan.seed.target, file: f, caseName: 'fuzz', mapFile: savedMap, json }).map(shellPath).join(' ');
  const repro = [
    `npm run fuzz -- --seed ${options.seed} --only ${plan.index}`,
    `h=$(mktemp -d) && node bin/sightline.js --home "$h" ${args(plan.seed.path, true)} >/dev/null; node bin/sightline.js --home "$h" ${args(saved, true)}; echo "exit $?"`,
  ];
  const entry = { ...record, saved: shellPath(saved), repro, seedFile: shellPath(plan.seed.path), runSeed: options.seed };
  fs.appendFileSync(path.join(options.outDir, 'violations.jsonl'), `${JSON.stringify(entry)}\n`);
  return { saved: entry.saved, repro };
}
