import fs from 'node:fs';
import { describeClockSkew } from '../../shared/clock-skew-text.js';
import type { Engine } from '../../core/index.js';
import { describeFileError } from '../../shared/error-payload.js';
import { csvMappingSchema, telemetryFormats, type CsvMapping, type FileImportResult, type JoinSummary, type TelemetryFormat } from '../../shared/types.js';
import { cancellableJob } from '../cancellable-job.js';
import { createProgressBar } from '../progress-bar.js';
import { printJson, shown, UsageError } from '../output.js';
import { findOrCreateCase } from '../resolve-case.js';
import { waitNotice } from '../wait-notice.js';

export interface ImportCommandOptions {
  case?: string | undefined;
  json: boolean;
  format?: string | undefined;
  map?: string | undefined;
  timezone?: string | undefined;
  joinTolerance?: string | undefined;
}

/**
 * `sightline import FILE... --case NAME [--format F] [--map mapping.json]
 * [--timezone ZONE] [--join-tolerance SECONDS] [--json]`. The case is created
 * when it does not exist yet. Ctrl-C cancels: the file in progress is rolled back.
 */
export async function importCommand(engine: Engine, files: string[], opts: ImportCommandOptions): Promise<number> {
  if (files.length === 0) throw new UsageError('import needs at least one FILE');
  if (!opts.case) throw new UsageError('say which case to import into: --case NAME (created if it does not exist)');
  const format = parseFormat(opts.format);
  const { mapping, timezone: mapZone } = opts.map ? readMapping(opts.map) : { mapping: undefined, timezone: undefined };
  const tolerance = opts.joinTolerance === undefined ? undefined : Number(opts.joinTolerance);
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0 && tolerance <= 3600)) {
    throw new UsageError(`--join-tolerance takes seconds between 0 and 3600, not "${opts.joinTolerance}"`);
  }
  const { summary: target, created } = await findOrCreateCase(engine, opts.case);
  if (created && !opts.json) process.stderr.write(`Created case "${shown(target.name)}" (${target.id})\n`);

  const bar = createProgressBar();
  const waiting = waitNotice(`another import into case "${target.name}"`, opts.json);
  let result;
  try {
    result = await cancellableJob(engine, (jobId) =>
      engine.invoke(
        'importFiles',
        {
          caseId: target.id,
          sources: files.map((file) => engine.files.source(file)),
          ...(format ? { format } : {}),
          ...(mapping ? { mapping } : {}),
          ...((opts.timezone ?? mapZone) ? { timezone: opts.timezone ?? mapZone } : {}),
          ...(tolerance !== undefined ? { joinToleranceSeconds: tolerance } : {}),
        },
        { jobId, onProgress: (p) => (p.waitingSeconds === undefined ? bar.update(p) : waiting.update(p.waitingSeconds)) },
      ),
    );
  } catch (err) {
    if (created) await removeUnused(engine, target.id);
    throw err;
  } finally {
    waiting.done();
    bar.done();
  }
  const ok = result.files.every((f) => f.status === 'imported' || f.status === 'duplicate');
  const removed = created && !result.files.some((f) => f.status === 'imported') && (await removeUnused(engine, target.id));
  if (opts.json) {
    printJson({ case: { id: target.id, name: target.name }, files: result.files, join: result.join, ...(removed ? { caseRemoved: true } : {}) });
    return ok ? 0 : 1;
  }
  for (const f of result.files) {
    if (f.status === 'imported') {
      process.stdout.write(`imported ${shown(f.file)} [${f.format}]: ${importedText(f)}\n`);
      for (const w of f.warnings ?? []) process.stdout.write(`  warning: ${w}\n`);
      if (f.quarantined > 0) {
        const { rows } = await engine.invoke('listQuarantine', { caseId: target.id, importId: f.importId, limit: 3 });
        for (const q of rows) process.stdout.write(`  line ${q.line}${q.field ? ` (${shown(q.field)})` : ''}: ${shown(q.reason)}\n`);
        if (f.quarantined > rows.length) process.stdout.write(`  … see them all: sightline quarantine --case "${shown(target.name)}"\n`);
      }
    } else if (f.status === 'duplicate') {
      process.stdout.write(`skipped  ${shown(f.file)}: ${shown(f.error)}\n`);
    } else {
      process.stderr.write(`sightline: ${describeFileError(f)}\n`);
    }
  }
  // The join summary is the case's; after a run that stored nothing it would only repeat the last one.
  const joinLine = result.files.some((f) => f.status === 'imported') ? joinText(result.join) : null;
  if (joinLine) process.stdout.write(`${joinLine}\n`);
  if (removed) process.stderr.write(`Removed case "${shown(target.name)}" again: nothing was imported into it\n`);
  return ok ? 0 : 1;
}

/**
 * The case this command created, removed again when its import brought
 * nothing in (every file failed, or it was cancelled): a failed import
 * leaves no empty case behind. Only while it is still empty: another
 * command importing into the same new name at once may have filled it.
 */
async function removeUnused(engine: Engine, caseId: string): Promise<boolean> {
  try {
    return (await engine.invoke('deleteCase', { caseId, ifEmpty: true })).deleted;
  } catch {
    // Best effort: the import's own outcome is what the user must hear; an empty case is harmless.
    return false;
  }
}

function importedText(f: FileImportResult): string {
  const parts = [
    `${f.events} connections`,
    f.processes ? `${f.processes} process creations` : '',
    f.fileCreations ? `${f.fileCreations} file creations` : '',
    f.dns ? `${f.dns} DNS answers` : '',
    f.alerts ? `${f.alerts} alerts` : '',
    f.ignored ? `${f.ignored} other records skipped` : '',
    f.quarantined ? `${f.quarantined} unreadable records quarantined` : '',
    f.overlapping ? `${f.overlapping} connections already in the case left out (overlapping export)` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** Lines about the endpoint↔flow join, when the case has both sides. */
export function joinText(j: JoinSummary): string | null {
  if (j.endpointEvents === 0 || j.flowEvents === 0) return null;
  const skews = j.clockSkews.map((s) => `\n  ${describeClockSkew(s, shown)}`).join('');
  const named = j.namedHosts.map((n) => `\n  ${n.ip} is ${shown(n.host)} (its outbound connections come from it): its flows are shown under that name`).join('');
  return (
    `joined within ±${j.toleranceSeconds} s: ${j.endpointMatched} of ${j.endpointEvents} endpoint connections matched a flow ` +
    `(${j.endpointEvents - j.endpointMatched} unmatched); ${j.flowMatched} of ${j.flowEvents} flows matched a process ` +
    `(${j.flowEvents - j.flowMatched} unmatched)${skews}${named}`
  );
}

function parseFormat(name: string | undefined): TelemetryFormat | undefined {
  if (name === undefined) return undefined;
  if (!(telemetryFormats as readonly string[]).includes(name)) {
    throw new UsageError(`unknown --format "${name}"; one of: ${telemetryFormats.join(', ')}`);
  }
  return name as TelemetryFormat;
}

/** A mapping file: the CsvMapping as JSON, optionally with "timezone" beside it (what the wizard's profiles hold). */
function readMapping(file: string): { mapping: CsvMapping; timezone: string | undefined } {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--map ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  // A saved profile ({name, mapping, timezone}) works as well as a bare mapping.
  const body = o['mapping'] && typeof o['mapping'] === 'object' ? o['mapping'] : o;
  const parsed = csvMappingSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--map ${file}: ${issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : 'not a column mapping'}`);
  }
  return { mapping: parsed.data, timezone: typeof o['timezone'] === 'string' ? o['timezone'] : undefined };
}
