import type { Engine } from '../../core/index.js';
import { describeFileError } from '../../shared/error-payload.js';
import { cancellableJob } from '../cancellable-job.js';
import { createProgressBar } from '../progress-bar.js';
import { printJson, UsageError } from '../output.js';
import { findCase } from '../resolve-case.js';

/**
 * `sightline import FILE... --case NAME [--json]`. The case is created when
 * it does not exist yet. Ctrl-C cancels: the file in progress is rolled back.
 */
export async function importCommand(engine: Engine, files: string[], opts: { case?: string | undefined; json: boolean }): Promise<number> {
  if (files.length === 0) throw new UsageError('import needs at least one FILE');
  if (!opts.case) throw new UsageError('say which case to import into: --case NAME (created if it does not exist)');
  const existing = await findCase(engine, opts.case);
  const target = existing ?? (await engine.invoke('createCase', { name: opts.case }));
  if (!existing && !opts.json) process.stderr.write(`Created case "${target.name}" (${target.id})\n`);

  const bar = createProgressBar();
  let result;
  try {
    result = await cancellableJob(engine, (jobId) =>
      engine.invoke('importFiles', { caseId: target.id, sources: files.map((path) => ({ kind: 'path' as const, path })) }, { jobId, onProgress: (p) => bar.update(p) }),
    );
  } finally {
    bar.done();
  }
  const ok = result.files.every((f) => f.status === 'imported' || f.status === 'duplicate');
  if (opts.json) {
    printJson({ case: { id: target.id, name: target.name }, files: result.files });
  } else {
    for (const f of result.files) {
      if (f.status === 'imported') {
        const extra = [f.processes ? `${f.processes} process creations` : '', f.ignored ? `${f.ignored} other records skipped` : ''].filter(Boolean);
        process.stdout.write(`imported ${f.file} [${f.format}]: ${f.events} connections${extra.length ? `, ${extra.join(', ')}` : ''}\n`);
      } else if (f.status === 'duplicate') {
        process.stdout.write(`skipped  ${f.file}: ${f.error}\n`);
      } else {
        process.stderr.write(`sightline: ${describeFileError(f)}\n`);
      }
    }
  }
  return ok ? 0 : 1;
}
