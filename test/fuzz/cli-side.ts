import { checkDigests, type ContentFacts, type FileResult, type Outcome, type Violation } from './checks.js';
import { checkCliRun, runCliImport, type CliImport } from './cli-run.js';
import { dbDigest } from './db-digest.js';
import type { EngineSide } from './engine-side.js';
import { FuzzHome, type SeedCase } from './fuzz-homes.js';
import type { MutantPlan } from './mutant-files.js';
import { fixtureSeeds, type FuzzSeed } from './seeds.js';

const IMPORTS_PER_HOME = 25;

/**
 * Mutants through `sightline import` / `intel import` as a user runs them:
 * into a data home of their own (one case holding the Zeek original, an IoC
 * store holding the TweetFeed one, set up by the engine process and let go
 * before the CLI runs), half with --json, half parsing in the worker thread.
 */
export class CliSide {
  private target: { home: FuzzHome; case: SeedCase; imports: number } | null = null;

  constructor(
    private readonly engine: EngineSide,
    private readonly work: string,
    private readonly every: number,
    private readonly timeoutMs: number,
  ) {}

  private async home(): Promise<{ home: FuzzHome; case: SeedCase; imports: number }> {
    if (this.target && this.target.imports < IMPORTS_PER_HOME) return this.target;
    const main = await this.engine.mainHome();
    const home = new FuzzHome(this.work, this.engine.host, 'cli');
    await home.open();
    const seedCase = await home.caseFor(fixtureSeeds[0] as FuzzSeed);
    await home.intelBase(fixtureSeeds.find((s) => s.format === 'tweetfeed-csv') as FuzzSeed);
    // The CLI is another process: the engine process lets go of that home before it runs.
    await main.open();
    this.target = { home, case: seedCase, imports: 0 };
    return this.target;
  }

  async importMutant(plan: MutantPlan, file: string, facts: ContentFacts | null, mapFile: string | undefined): Promise<Violation[]> {
    const target = await this.home();
    target.imports++;
    // From the index, not a counter, so a repro (--only) runs the CLI the same way.
    const n = Math.floor(plan.index / Math.max(1, this.every));
    const c: CliImport = {
      target: plan.seed.target, file, home: target.home.dir, caseName: target.case.name, mapFile,
      json: n % 2 === 0, worker: (n >> 1) % 2 === 0, timeoutMs: this.timeoutMs,
    };
    const dbFile = plan.seed.target === 'intel' ? target.home.intelFile : target.home.caseFile(target.case.caseId);
    const before = dbDigest(dbFile);
    const run = await runCliImport(c);
    const checked = checkCliRun(run, c, facts);
    const after = dbDigest(dbFile);
    const how = `${c.json ? '--json' : 'text'}${c.worker ? ', parse worker' : ''}`;
    const violations = checked.violations.map((v) => ({ ...v, message: `${how}: ${v.message}` }));
    if (!run.timedOut) violations.push(...checkDigests(checked.result ?? textResult(run.code, run.stdout, run.stderr, file, checked.outcome), before, after, 'cli'));
    // A killed CLI may leave a hot journal behind: the next CLI mutant gets a fresh home.
    if (run.timedOut || run.signal) this.target = null;
    return violations;
  }
}

/** What a run without --json said of the file, as far as the digest check needs it (intel: what it added). */
function textResult(code: number | null, stdout: string, stderr: string, file: string, outcome: Outcome): FileResult {
  if (code !== 0) return { file, status: 'failed', error: stderr.trim() };
  const added = /: \d+ records, (\d+) new indicators, (\d+) new sightings/.exec(stdout);
  return { file, status: outcome === 'duplicate' ? 'duplicate' : 'imported', ...(added ? { newIndicators: Number(added[1]), newSightings: Number(added[2]) } : {}) };
}
