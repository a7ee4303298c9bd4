import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentFacts, type Outcome, type Violation } from './checks.js';
import { CliSide } from './cli-side.js';
import { EngineSide } from './engine-side.js';
import { buildEngineSnapshot } from './engine-snapshot.js';
import { FuzzHome } from './fuzz-homes.js';
import { ImportHost } from './host-client.js';
import { planMutant, writeMutant, type MutantPlan } from './mutant-files.js';
import type { MutationKind } from './mutators.js';
import { saveViolation } from './save-violation.js';
import { bundleSeed, fixtureSeeds, referenceOnlySeeds, writeListSeeds, type FuzzSeed } from './seeds.js';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Every Nth mutant also goes through the CLI (0: none). */
  cliEvery: number;
  /** Per request to the engine and per CLI run; past it the process is killed and the mutant reported. */
  timeoutMs: number;
  /** Where mutants that broke an invariant, their repro lines and the summary go. */
  outDir: string;
  /** Only these mutant indexes (a repro). */
  only?: readonly number[];
  kinds?: readonly MutationKind[];
  /** Only seeds of these formats. */
  formats?: readonly string[];
  /** Mutants per data home before a fresh one (default 150). */
  rotateEvery?: number;
  log?: (line: string) => void;
}

export interface MutantRecord {
  index: number;
  seed: string;
  format: string;
  target: FuzzSeed['target'];
  kind: MutationKind;
  detail: string;
  outcome: Outcome;
  /** Also imported through the CLI. */
  cli: boolean;
  ms: number;
  /** Why it was refused (the engine's message). */
  message?: string;
  violations: Violation[];
  /** Where the mutant was saved, and how to run it again (violations only). */
  saved?: string;
  repro?: string[];
}

export interface FuzzRun {
  options: FuzzOptions;
  seeds: readonly FuzzSeed[];
  records: MutantRecord[];
  /** Indexes whose kind found nothing to change in any seed. */
  notApplicable: number;
  elapsedMs: number;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzRun> {
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-fuzz-'));
  fs.mkdirSync(options.outDir, { recursive: true });
  fs.rmSync(path.join(options.outDir, 'violations.jsonl'), { force: true });
  const engine = await buildEngineSnapshot();
  const host = new ImportHost(engine.entry, options.timeoutMs);
  const run: FuzzRun = { options, seeds: [], records: [], notApplicable: 0, elapsedMs: 0 };
  try {
    await host.start();
    const all = [...fixtureSeeds, ...writeListSeeds(path.join(work, 'seeds')), await exportBundleSeed(host, work), ...referenceOnlySeeds()];
    run.seeds = options.formats ? all.filter((s) => options.formats?.includes(s.format)) : all;
    const fuzzer = new Fuzzer(host, work, options, run.seeds);
    const indexes = options.only ?? Array.from({ length: options.count }, (_, i) => i);
    for (const index of indexes) {
      const record = await fuzzer.one(index);
      if (!record) run.notApplicable++;
      else {
        run.records.push(record);
        if (record.violations.length > 0) options.log?.(`#${index} ${record.seed} ${record.kind}: ${record.violations.map((v) => `${v.class} (${v.via}) ${v.message.slice(0, 160)}`).join(' | ')}`);
      }
      if ((index + 1) % 50 === 0) options.log?.(`${index + 1} mutants, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    await host.close();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(engine.dir, { recursive: true, force: true });
  }
  run.elapsedMs = Date.now() - started;
  return run;
}

/** The offline bundle seed: the fixtures' TweetFeed CSV, STIX bundle and MISP feed exported from a home of their own. */
async function exportBundleSeed(host: ImportHost, work: string): Promise<FuzzSeed> {
  const home = new FuzzHome(work, host, 'bundle');
  await home.open();
  for (const s of fixtureSeeds.filter((x) => ['tweetfeed-csv', 'stix21', 'misp-feed'].includes(x.format))) await home.intelBase(s);
  const file = path.join(work, 'seeds', 'intel.slb');
  await host.call({ op: 'invoke', name: 'intelExport', input: { format: 'bundle', target: { $target: file } } });
  return bundleSeed(file);
}

class Fuzzer {
  private readonly engine: EngineSide;
  private readonly cli: CliSide;

  constructor(
    host: ImportHost,
    private readonly work: string,
    private readonly options: FuzzOptions,
    private readonly seeds: readonly FuzzSeed[],
  ) {
    this.engine = new EngineSide(host, work, options.rotateEvery ?? 150);
    this.cli = new CliSide(this.engine, work, options.cliEvery, options.timeoutMs);
  }

  async one(index: number): Promise<MutantRecord | null> {
    const plan = planMutant(this.options.seed, index, this.seeds, this.options.kinds);
    if (!plan) return null;
    const file = writeMutant(plan, this.work);
    const facts = plan.member ? null : contentFacts(plan.bytes, plan.seed.shape);
    const mapFile = this.mapFile(plan);
    const started = Date.now();
    const engine = await this.engine.importMutant(plan, file, facts);
    const record: MutantRecord = {
      index, seed: plan.seed.id, format: plan.seed.format, target: plan.seed.target, kind: plan.kind, detail: plan.detail,
      outcome: engine.outcome, cli: false, ms: 0, violations: engine.violations, ...(engine.message ? { message: engine.message } : {}),
    };
    const every = this.options.cliEvery;
    if (every > 0 && index % every === every - 1) {
      record.cli = true;
      record.violations.push(...(await this.cli.importMutant(plan, file, facts, mapFile)));
    }
    record.ms = Date.now() - started;
    if (record.violations.length > 0) Object.assign(record, saveViolation(this.options, plan, file, mapFile, record));
    fs.rmSync(path.join(this.work, `m${index}`), { recursive: true, force: true });
    return record;
  }

  /** csv-mapped seeds: their mapping (and time zone) as the CLI's --map file, beside the mutant. */
  private mapFile(plan: MutantPlan): string | undefined {
    if (!plan.seed.mapping) return undefined;
    const file = path.join(this.work, `m${plan.index}`, 'mapping.json');
    fs.writeFileSync(file, JSON.stringify({ ...plan.seed.mapping, ...(plan.seed.timezone ? { timezone: plan.seed.timezone } : {}) }));
    return file;
  }
}
