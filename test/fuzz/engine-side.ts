import path from 'node:path';
import { checkDigests, checkFileResult, crashText, outcomeOf, type ContentFacts, type FileResult, type Outcome, type Violation } from './checks.js';
import { dbDigest } from './db-digest.js';
import { FuzzHome, importInput } from './fuzz-homes.js';
import { HostDied, HostTimeout, type HostReply, type ImportHost } from './host-client.js';
import type { MutantPlan } from './mutant-files.js';
import { readBack } from './read-back.js';

export interface EngineOutcome {
  outcome: Outcome;
  violations: Violation[];
  /** Why it was refused. */
  message?: string;
}

/**
 * Mutants into the engine process: each into a case (or IoC store) that
 * holds its seed's original, checked before and after. A hang or a death of
 * the process, wherever it happens (setup, import, read-back), is a
 * violation of that mutant, and the next one starts a fresh process and home.
 */
export class EngineSide {
  private home: FuzzHome | null = null;
  private readBacks = 0;

  constructor(
    readonly host: ImportHost,
    private readonly work: string,
    private readonly rotateEvery: number,
  ) {}

  /** The current data home of the engine process (a fresh one after `rotateEvery` mutants or a kill). */
  async mainHome(): Promise<FuzzHome> {
    if (!this.host.running) await this.host.start();
    if (!this.home || this.home.mutants >= this.rotateEvery) {
      this.home = new FuzzHome(this.work, this.host, 'home');
      await this.home.open();
    }
    return this.home;
  }

  async importMutant(plan: MutantPlan, file: string, facts: ContentFacts | null): Promise<EngineOutcome> {
    const violations: Violation[] = [];
    try {
      return await this.run(plan, file, facts, violations);
    } catch (err) {
      if (!(err instanceof HostTimeout) && !(err instanceof HostDied)) throw err;
      this.lost(err, 'setup', violations);
      return { outcome: 'no-answer', violations };
    } finally {
      this.collectOutput(violations);
    }
  }

  private async run(plan: MutantPlan, file: string, facts: ContentFacts | null, violations: Violation[]): Promise<EngineOutcome> {
    const seed = plan.seed;
    const home = await this.mainHome();
    home.mutants++;
    const seedCase = seed.target === 'telemetry' ? await home.caseFor(seed) : null;
    if (!seedCase) await home.intelBase(seed);
    const dbFile = seedCase ? home.caseFile(seedCase.caseId) : home.intelFile;
    const before = dbDigest(dbFile);
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
      const ctx = { seed, file, facts, caseId: seedCase?.caseId, importId: r.importId, n: this.readBacks++, work: this.work };
      violations.push(...(await readBack((name, input) => this.ask(name, input, violations), ctx)));
    }
    return { outcome: outcomeOf(r), violations, ...(r.error ? { message: r.error } : {}) };
  }

  /** One operation in the engine process; null (and a violation) when it hung or died. */
  private async ask(name: string, input: Record<string, unknown>, violations: Violation[]): Promise<HostReply | null> {
    // Killed earlier in this mutant: that was reported once.
    if (!this.host.running) return null;
    try {
      return await this.host.request({ op: 'invoke', name, input });
    } catch (err) {
      if (!(err instanceof HostTimeout) && !(err instanceof HostDied)) throw err;
      this.lost(err, name, violations);
      return null;
    }
  }

  private lost(err: HostTimeout | HostDied, during: string, violations: Violation[]): void {
    violations.push({ class: err instanceof HostTimeout ? 'hang' : 'crash', via: 'engine', message: `${during}: ${err.message}` });
    // The home may hold a killed process's half-written journal: the next mutant starts afresh.
    this.host.kill();
    this.home = null;
  }

  /** Whatever the engine process printed or threw unprompted since the last mutant is this one's. */
  private collectOutput(violations: Violation[]): void {
    const { output, crashes } = this.host.takeOutput();
    for (const c of crashes) violations.push({ class: 'crash', via: 'engine', message: c });
    if (output.trim() !== '') violations.push({ class: crashText(output) ? 'crash' : 'stray-output', via: 'engine', message: `printed: ${output.slice(0, 500)}` });
  }
}
