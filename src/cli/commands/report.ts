import type { Engine } from '../../core/index.js';
import { DEFAULT_REPORT_MIN_SCORE, MAX_REPORT_FINDINGS, reportFormats, tlpLevels, type ReportFormat, type Tlp } from '../../shared/report-types.js';
import { cancellableJob } from '../cancellable-job.js';
import { inOptionWords, printJson, shown, UsageError, type OptionNames } from '../output.js';
import { requireCase } from '../resolve-case.js';
import { parseUnit } from './analyze.js';

export interface ReportCommandOptions {
  case?: string | undefined;
  format?: string | undefined;
  out?: string | undefined;
  minScore?: string | undefined;
  findings?: string | undefined;
  run?: string | undefined;
  title?: string | undefined;
  analyst?: string | undefined;
  tlp?: string | undefined;
  json: boolean;
}

const FORMATS = Object.keys(reportFormats) as ReportFormat[];

/** The options of this command by the exportReport input field they fill, so the engine's errors name them. */
const OPTIONS: OptionNames = {
  caseId: '--case',
  format: '--format',
  target: '--out',
  minScore: '--min-score',
  findingIds: '--findings',
  runId: '--run',
  title: '--title',
  analyst: '--analyst',
  tlp: '--tlp',
};

/**
 * `sightline report [--case NAME] --format F --out FILE [--min-score X] [--findings ID,... [--run ID]] [--title T] [--analyst A] [--tlp L] [--json]`:
 * the case's report in one format, written whole or not at all; Ctrl-C
 * cancels it. `--run`: the analysis run the ids were listed from (`analyze
 * --json` prints it), refused when the case was analysed again since.
 */
export async function reportCommand(engine: Engine, opts: ReportCommandOptions): Promise<number> {
  const format = opts.format;
  if (format === undefined || !(FORMATS as string[]).includes(format)) {
    throw new UsageError(`report needs --format ${FORMATS.join('|')}${format === undefined ? '' : ` (not "${format}")`}`);
  }
  if (opts.out === undefined || opts.out === '') throw new UsageError('report needs --out FILE: where to write the report');
  if (opts.minScore !== undefined && opts.findings !== undefined) throw new UsageError('--min-score and --findings contradict each other: --findings names the findings, --min-score chooses them');
  const tlp = opts.tlp?.toLowerCase();
  if (tlp !== undefined && !(tlpLevels as readonly string[]).includes(tlp)) throw new UsageError(`--tlp takes ${tlpLevels.join(', ')}, not "${opts.tlp}"`);
  const minScore = parseUnit(opts.minScore, '--min-score', DEFAULT_REPORT_MIN_SCORE);
  const findingIds = opts.findings === undefined ? undefined : parseIds(opts.findings);
  if (opts.run !== undefined && findingIds === undefined) throw new UsageError('--run goes with --findings: it says which analysis run the ids were listed from');
  const runId = opts.run === undefined ? undefined : parseRun(opts.run);
  const target = await requireCase(engine, opts.case);
  const { run } = await engine.invoke('listFindings', { caseId: target.id, limit: 1 });
  // The report says so in its appendix too; said here, the analyst can analyse again before handing it over.
  if (run?.stale && !opts.json) process.stderr.write(`sightline: the analysis is out of date (${run.staleBecause ?? 'the case changed'}): the report shows its findings; run sightline analyze first for current ones\n`);
  const tty = !opts.json && process.stderr.isTTY;
  const r = await inOptionWords(OPTIONS, () =>
    cancellableJob(engine, (jobId) =>
      engine.invoke(
        'exportReport',
        {
          caseId: target.id,
          format: format as ReportFormat,
          minScore,
          ...(findingIds ? { findingIds } : {}),
          ...(runId !== undefined ? { runId } : {}),
          ...(opts.title !== undefined ? { title: opts.title } : {}),
          ...(opts.analyst !== undefined ? { analyst: opts.analyst } : {}),
          ...(tlp !== undefined ? { tlp: tlp as Tlp } : {}),
          target: engine.files.target(opts.out as string),
        },
        { jobId, onProgress: (p) => tty && process.stderr.write(`\rreport: ${p.step} ${Math.round(p.fraction * 100)} %   `) },
      ),
    ),
  );
  if (tty) process.stderr.write('\r\x1b[K');
  if (opts.json) printJson({ path: r.file, format: r.format, records: r.records, sha256: r.sha256 });
  else process.stdout.write(`wrote ${shown(r.file)} [${r.format}]: ${r.records} ${r.format === 'connections' ? 'connection' : 'finding'}${r.records === 1 ? '' : 's'}, sha256 ${r.sha256}\n`);
  return 0;
}

/** "12,15, 40" → [12, 15, 40]: finding ids as `analyze --json` prints them. */
function parseIds(raw: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  const bad = parts.find((p) => !/^\d{1,15}$/.test(p));
  if (bad !== undefined) throw new UsageError(`--findings takes finding ids separated by commas (as analyze --json prints them), not "${bad}"`);
  const ids = [...new Set(parts.map(Number))];
  if (ids.length > MAX_REPORT_FINDINGS) throw new UsageError(`--findings names ${ids.length} findings, more than the ${MAX_REPORT_FINDINGS} a report takes`);
  return ids;
}

/** `--run 12`: an analysis run's id, as analyze --json prints it (run.id). */
function parseRun(raw: string): number {
  if (!/^[1-9]\d{0,14}$/.test(raw.trim())) throw new UsageError(`--run takes the id of an analysis run (analyze --json prints it as run.id), not "${raw}"`);
  return Number(raw.trim());
}
