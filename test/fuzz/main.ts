import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../helpers/fixtures.js';
import { mutationKinds, type MutationKind } from './mutators.js';
import { summarize } from './report.js';
import { runFuzz } from './run-fuzz.js';

const USAGE = `npm run fuzz -- [--seed N] [--count N] [--cli-every N] [--timeout SECONDS]
                   [--only I,J] [--kind K,...] [--format F,...] [--out DIR] [--no-build]

Imports mutants of every fixture through the engine (and every Nth through the CLI) and checks
that none exits 2, hangs, crashes, changes the case after a failure or gives an error without the
file. Defaults: a random seed, 1000 mutants, every 10th through the CLI, 30 s per import.
--no-build skips building the CLI (npm run build:node) when dist/ is current.
Mutation kinds: ${mutationKinds.join(', ')}.`;

const int = (v: string | undefined, name: string, fallback: number): number => {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new Error(`--${name} takes a whole number, not "${v}"`);
  return Number(v);
};
const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);

/** `npm run fuzz`: a longer run than the test suite's, with a summary table; exit 1 when an invariant broke. */
export async function fuzzMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' }, count: { type: 'string' }, 'cli-every': { type: 'string' }, timeout: { type: 'string' },
      only: { type: 'string' }, kind: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const seed = int(values.seed, 'seed', crypto.randomInt(1, 2 ** 31 - 1));
  const kinds = list(values.kind) as MutationKind[] | undefined;
  const unknown = kinds?.filter((k) => !mutationKinds.includes(k));
  if (unknown?.length) throw new Error(`unknown --kind ${unknown.join(', ')}; one of ${mutationKinds.join(', ')}`);
  const outDir = path.resolve(values.out ?? path.join(repoRoot, 'test-results', 'fuzz', `seed-${seed}`));
  const only = list(values.only)?.map((i) => int(i, 'only', 0));
  process.stdout.write(`fuzz: seed ${seed}; violating mutants go to ${path.relative(process.cwd(), outDir) || '.'}\n`);
  const run = await runFuzz({
    seed,
    count: int(values.count, 'count', 1000),
    cliEvery: int(values['cli-every'], 'cli-every', 10),
    timeoutMs: int(values.timeout, 'timeout', 30) * 1000,
    outDir,
    ...(only ? { only } : {}),
    ...(kinds ? { kinds } : {}),
    ...(values.format ? { formats: list(values.format) ?? [] } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const summary = summarize(run);
  fs.writeFileSync(path.join(outDir, 'summary.txt'), `${summary}\n`);
  fs.writeFileSync(path.join(outDir, 'mutants.jsonl'), run.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  process.stdout.write(`\n${summary}\n`);
  return run.records.some((r) => r.violations.length > 0) ? 1 : 0;
}
