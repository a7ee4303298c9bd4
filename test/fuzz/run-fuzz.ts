import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDigests, checkFileResult, contentFacts, crashText, outcomeOf, type ContentFacts, type FileResult, type Outcome, type Violation } from './checks.js';
import { checkCliRun, runCliImport, type CliImport } from './cli-run.js';
import { dbDigest } from './db-digest.js';
import { FuzzHome, importInput, type SeedCase } from './fuzz-homes.js';
import { HostDied, HostTimeout, ImportHost, type HostReply } from './host-client.js';
import { planMutant, writeMutant, type MutantPlan } from './mutant-files.js';
import type { MutationKind } from './mutators.js';
import { readBack } from './read-back.js';
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

const CLI_IMPORTS_PER_HOME = 25;

export async function runFuzz(options: FuzzOptions): Promise<FuzzRun> {
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-fuzz-'));
  fs.mkdirSync(options.outDir, { recursive: true });
  fs.rmSync(path.join(options.outDir, 'violations.jsonl'), { force: true });
  const host = new ImportHost(options.timeoutMs);
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
  private home: FuzzHome | null = null;
  private cliHome: { home: FuzzHome; case: SeedCase; imports: number } | null = null;
  private readBacks = 0;

  constructor(
    private readonly host: ImportHost,
    private readonly work: string,
    private readonly options: FuzzOptions,
    private readonly seeds: readonly FuzzSeed[],
  ) {}

  async one(index: number): Promise<MutantRecord | null> {
    const plan = planMutant(this.options.seed, index, this.seeds, this.options.kinds);
    if (!plan) return null;
    const file = writeMutant(plan, this.work);
    const facts = plan.member ? null : contentFacts(plan.bytes);
    const started = Date.now();
    const engine = await this.viaEngine(plan, file, facts);
    const record: MutantRecord = {
      index, seed: plan.seed.id, format: plan.seed.format, target: plan.seed.target, kind: plan.kind, detail: plan.detail,
      outcome: engine.outcome, cli: false, ms: 0, violations: engine.violations, ...(engine.message ? { message: engine.message } : {}),
    };
    const every = this.options.cliEvery;
    let mapFile: string | undefined;
    if (every > 0 && index % every === every - 1) {
      record.cli = true;
      mapFile = this.mapFile(plan);
      record.violations.push(...(await this.viaCli(plan, file, facts, mapFile)));
    }
    record.ms = Date.now() - started;
    if (record.violations.length > 0) Object.assign(record, saveViolation(this.options, plan, file, mapFile, record));
    fs.rmSync(path.join(this.work, `m${index}`), { recursive: true, force: true });
    return record;
  }

  private async mainHome(): Promise<FuzzHome> {
    if (!this.host.running) await this.host.start();
    if (!this.home || this.home.mutants >= (this.options.rotateEvery ?? 150)) {
      this.home = new FuzzHome(this.work, this.host, 'home');
      await this.home.open();
    }
    return this.home;
  }

  private async viaEngine(plan: MutantPlan, file: string, facts: ContentFacts | null): Promise<{ outcome: Outcome; violations: Violation[]; message?: string }> {
    const seed = plan.seed;
    const home = await this.mainHome();
    home.mutants++;
    const seedCase = seed.target === 'telemetry' ? await home.caseFor(seed) : null;
    if (!seedCase) await home.intelBase(seed);
    const dbFile = seedCase ? home.caseFile(seedCase.caseId) : home.intelFile;
    this.host.takeOutput();
    const before = dbDigest(dbFile);
    const violations: Violation[] = [];
    const reply = await this.ask(seed.target === 'intel' ? 'intelImport' : 'importFiles', importInput(seed, file, seedCase?.caseId), violations);
    if (!reply) return { outcome: 'no-answer', violations };
    const after = dbDigest(dbFile);
    const open = ((await this.host.call<string[] | null>({ op: 'fds' })) ?? []).filter((t) => t === file || t.startsWith(`${file}${path.sep}`));
    if (open.length > 0) violations.push({ class: 'fd-leak', via: 'engine', message: `the imported file is still open (${open.length} descriptor(s)) after the import returned` });
    if (!reply.ok) {
      const e = reply.error;
      if (e.code === 'INTERNAL' || e.code === 'DATABASE_CORRUPT') violations.push({ class: 'exit-2', via: 'engine', message: `${e.code}: ${e.message}` });
      else if (e.file !== file && !e.message.includes(file)) violations.push({ class: 'unnamed-error', via: 'engine', message: `the whole import failed without naming the file: ${e.code}: ${e.message}` });
      if (before !== after) violations.push({ class: 'changed-after-failure', via: 'engine', message: `the database changed after ${e.code}` });
      return { outcome: 'refused', violations, message: e.message };
    }
    const r = (reply.value as { files: FileResult[] }).files[0] as FileResult & { importId?: number };
    violations.push(...checkFileResult(r, file, facts, 'engine'), ...checkDigests(r, before, after, 'engine'));
    if (plan.kind === 'gzip' && seed.target === 'telemetry' && r.status !== 'imported' && r.status !== 'duplicate') {
      violations.push({ class: 'control-refused', via: 'engine', message: `${r.status}: ${r.error ?? ''}` });
    }
    if (r.status === 'imported') {
      if (seedCase) seedCase.imports++;
      violations.push(...(await readBack(this.ask.bind(this), { seed, file, facts, caseId: seedCase?.caseId, importId: r.importId, n: this.readBacks++, work: this.work })));
    }
    return { outcome: outcomeOf(r), violations, ...(r.error ? { message: r.error } : {}) };
  }

  /** One request to the engine process; a hang, a death or anything it printed becomes a violation. Null when there is no answer. */
  async ask(name: string, input: Record<string, unknown>, violations: Violation[]): Promise<HostReply | null> {
    let reply: HostReply | null = null;
    try {
      reply = await this.host.request({ op: 'invoke', name, input });
    } catch (err) {
      if (!(err instanceof HostTimeout) && !(err instanceof HostDied)) throw err;
      violations.push({ class: err instanceof HostTimeout ? 'hang' : 'crash', via: 'engine', message: `${name}: ${err.message}` });
      // The home may hold a killed process's half-written journal: the next mutant starts afresh.
      this.home = null;
      this.cliHome = null;
    }
    const { output, crashes } = this.host.takeOutput();
    for (const c of crashes) violations.push({ class: 'crash', via: 'engine', message: `${name}: ${c}` });
    if (output.trim() !== '') violations.push({ class: crashText(output) ? 'crash' : 'stray-output', via: 'engine', message: `${name} printed: ${output.slice(0, 500)}` });
    return reply;
  }

  private mapFile(plan: MutantPlan): string | undefined {
    if (!plan.seed.mapping) return undefined;
    const file = path.join(this.work, `m${plan.index}`, 'mapping.json');
    fs.writeFileSync(file, JSON.stringify({ ...plan.seed.mapping, ...(plan.seed.timezone ? { timezone: plan.seed.timezone } : {}) }));
    return file;
  }

  /** The CLI's data home: one case holding the Zeek original and an IoC store holding the TweetFeed one, set up by the engine process. */
  private async cliTarget(): Promise<{ home: FuzzHome; case: SeedCase; imports: number }> {
    if (this.cliHome && this.cliHome.imports < CLI_IMPORTS_PER_HOME) return this.cliHome;
    await this.mainHome();
    const home = new FuzzHome(this.work, this.host, 'cli');
    await home.open();
    const seedCase = await home.caseFor(fixtureSeeds[0] as FuzzSeed);
    await home.intelBase(fixtureSeeds.find((s) => s.format === 'tweetfeed-csv') as FuzzSeed);
    // The CLI is another process: the engine process lets go of that home before it runs.
    await (this.home as FuzzHome).open();
    this.cliHome = { home, case: seedCase, imports: 0 };
    return this.cliHome;
  }

  private async viaCli(plan: MutantPlan, file: string, facts: ContentFacts | null, mapFile: string | undefined): Promise<Violation[]> {
    const target = await this.cliTarget();
    target.imports++;
    // From the index, not a counter, so a repro (--only) runs the CLI the same way.
    const n = Math.floor(plan.index / Math.max(1, this.options.cliEvery));
    const c: CliImport = {
      target: plan.seed.target, file, home: target.home.dir, caseName: target.case.name, mapFile,
      timezone: undefined, json: n % 2 === 0, worker: (n >> 1) % 2 === 0, timeoutMs: this.options.timeoutMs,
    };
    const dbFile = plan.seed.target === 'intel' ? target.home.intelFile : target.home.caseFile(target.case.caseId);
    const before = dbDigest(dbFile);
    const run = await runCliImport(c);
    const checked = checkCliRun(run, c, facts);
    const after = dbDigest(dbFile);
    const violations = checked.violations.map((v) => ({ ...v, message: `${c.json ? '--json' : 'text'}${c.worker ? ', parse worker' : ''}: ${v.message}` }));
    const status = checked.result?.status ?? (run.code !== 0 ? 'failed' : checked.outcome === 'duplicate' ? 'duplicate' : 'imported');
    if (!run.timedOut) violations.push(...checkDigests({ file, status, error: checked.result?.error ?? run.stderr.trim() }, before, after, 'cli'));
    // A killed CLI may leave a hot journal behind: the next CLI mutant gets a fresh home.
    if (run.timedOut || run.signal) this.cliHome = null;
    return violations;
  }
}
