import type { Engine } from '../../core/index.js';
import type { Finding } from '../../shared/analysis-types.js';
import { cancellableJob } from '../cancellable-job.js';
import { printJson, printTable, shown, UsageError } from '../output.js';
import { requireCase } from '../resolve-case.js';

export interface AnalyzeOptions {
  case?: string | undefined;
  json: boolean;
  minScore?: string | undefined;
  limit?: string | undefined;
  /** Print the stored findings without analysing again, even when they are stale. */
  cached: boolean;
  /** Analyse again even when the stored findings are current. */
  again: boolean;
  /** Where the baseline ends (a date or time), instead of the default, kept for later analyses; `auto` goes back to the default. Analyses again. */
  baselineUntil?: string | undefined;
}

/**
 * `sightline analyze [--case NAME] [--min-score X] [--limit N] [--cached | --again] [--json]`:
 * analyses the case when it was never analysed or changed since (or the IoC
 * store did), then prints its findings, highest score first.
 */
export async function analyzeCommand(engine: Engine, opts: AnalyzeOptions): Promise<number> {
  const minScore = parseUnit(opts.minScore, '--min-score', 0);
  const limit = opts.limit === undefined ? 50 : parseCount(opts.limit);
  const target = await requireCase(engine, opts.case);
  let listed = await engine.invoke('listFindings', { caseId: target.id, minScore, limit });
  if (opts.cached && opts.again) throw new UsageError('--cached and --again contradict each other: choose one');
  const baselineUntil = opts.baselineUntil === undefined ? undefined : opts.baselineUntil === 'auto' ? null : parseTime(opts.baselineUntil);
  if (opts.cached && baselineUntil !== undefined) throw new UsageError('--cached prints what is stored: --baseline-until needs a new analysis');
  if (opts.again || baselineUntil !== undefined || (!opts.cached && (!listed.run || listed.run.stale))) {
    const tty = !opts.json && process.stderr.isTTY;
    await cancellableJob(engine, (jobId) =>
      engine.invoke('analyzeCase', { caseId: target.id, ...(baselineUntil !== undefined ? { baselineUntil } : {}) }, { jobId, onProgress: (p) => tty && process.stderr.write(`\ranalysing: ${p.step} ${Math.round(p.fraction * 100)} %   `) }),
    );
    if (tty) process.stderr.write('\r\x1b[K');
    listed = await engine.invoke('listFindings', { caseId: target.id, minScore, limit });
  }
  const { run, findings, total } = listed;
  if (opts.json) {
    printJson({
      case: { id: target.id, name: target.name },
      run,
      total,
      findings: findings.map((f) => ({
        host: f.host,
        process: f.process,
        dst: f.dst,
        dport: f.dport,
        score: f.score,
        severity: f.severity,
        kinds: f.kinds,
        explanations: f.explanations.map((e) => e.text),
        evidence: f.explanations,
        events: f.events,
        bytesOut: f.bytesOut,
        bytesIn: f.bytesIn,
        firstSeen: f.firstSeen,
        lastSeen: f.lastSeen,
        verdict: f.verdict,
        notes: f.notes ?? { notes: 0, tags: [] },
        id: f.id,
      })),
    });
    return 0;
  }
  if (!run) {
    process.stdout.write(`${shown(target.name)}: not analysed yet (run without --cached)\n`);
    return 0;
  }
  process.stdout.write(`${shown(target.name)}: ${total} finding${total === 1 ? '' : 's'} at score >= ${minScore} over ${run.units} host/process/destination units${run.stale ? ` (stale: ${run.staleBecause})` : ''}\n`);
  if (run.window) process.stdout.write(`${baselineText(run.window.baselineEnd, run.baselineUntil)}\n`);
  if (findings.length === 0) return 0;
  printTable(
    // ID: what notes, tags and report --findings take (until the next analysis).
    ['ID', 'SCORE', 'SEVERITY', 'HOST', 'PROCESS', 'DESTINATION', 'KINDS', 'NOTES'],
    findings.map((f) => [String(f.id), f.score.toFixed(2), f.severity ?? '-', f.host, processName(f), f.dport === null ? f.dst : `${f.dst}:${f.dport}`, f.kinds.join(','), notesText(f)]),
  );
  process.stdout.write('\n');
  for (const [i, f] of findings.slice(0, 10).entries()) {
    process.stdout.write(`${i + 1}. ${shown(f.host)} ${shown(processName(f))} -> ${shown(f.dst)}  (score ${f.score.toFixed(2)}, finding ${f.id})\n`);
    for (const e of f.explanations) process.stdout.write(`   - ${shown(e.text)}\n`);
  }
  if (total > findings.length) process.stdout.write(`(${total - findings.length} more: --limit N)\n`);
  process.stdout.write('(a note or tags on a finding: sightline notes add --finding ID "TEXT", sightline tags set --finding ID TAG...)\n');
  return 0;
}

/** Where "what is normal" ends, and whether the analyst chose it (kept for the next analyses) or the default did. */
function baselineText(end: string, chosen: string | null): string {
  return chosen === null
    ? `baseline until ${end} (the default; choose with --baseline-until TIME)`
    : `baseline until ${end} (set with --baseline-until ${chosen}; kept for the next analyses; back to the default: --baseline-until auto)`;
}

/** The finding's notes count and tags, as the UI's findings list shows them (✎ N, tags). */
function notesText(f: Finding): string {
  const n = f.notes?.notes ?? 0;
  return [n > 0 ? `✎ ${n}` : '', ...(f.notes?.tags ?? [])].filter(Boolean).join(' ');
}

function processName(f: Finding): string {
  if (f.process === null) return '(no process)';
  return f.process.split(/[\\/]/).pop() || f.process;
}

/** A score from 0 to 1 given on the command line (--min-score), or the fallback. */
export function parseUnit(raw: string | undefined, flag: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${flag} takes a score from 0 to 1, not "${raw}"`);
  return n;
}

/** A date (2026-11-18, midnight UTC) or an ISO time, UTC when it names no zone. */
function parseTime(raw: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) ? raw : `${raw}Z`;
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || !Number.isFinite(ms)) throw new UsageError(`--baseline-until takes a date or time such as 2026-11-18 or 2026-11-18T09:00Z, or auto, not "${raw}"`);
  return new Date(ms).toISOString();
}

function parseCount(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`--limit takes a whole number from 1 to 10000, not "${raw}"`);
  return n;
}
