import type { Engine } from '../../core/index.js';
import { sameCaseName } from '../../shared/case-name.js';
import { RemoteError } from '../../shared/error-payload.js';
import { cancellableJob } from '../cancellable-job.js';
import { printJson, printTable, shown, UsageError } from '../output.js';
import { findCase } from '../resolve-case.js';
import { ask, canAsk } from '../stdin.js';
import { waitNotice } from '../wait-notice.js';

export interface CasesOptions {
  json: boolean;
  /** Delete without asking (scripts; also what a command needs when no one is at a terminal to ask). */
  yes: boolean;
}

/** `sightline cases [--json]`, `sightline cases delete NAME [--yes] [--json]` */
export async function casesCommand(engine: Engine, args: string[], opts: CasesOptions): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'delete') return deleteCase(engine, rest, opts);
  if (sub !== undefined) throw new UsageError(`cases takes delete NAME or nothing (not "${shown(sub)}")`);
  const cases = await engine.invoke('listCases', {});
  if (opts.json) {
    printJson({ cases });
    return 0;
  }
  if (cases.length === 0) {
    process.stdout.write('No cases yet. Import into a new one with: sightline import FILE --case NAME\n');
    return 0;
  }
  const rows = cases.map((c) => [c.id, c.name, c.eventCount.toLocaleString('en-US'), String(c.importCount), c.problem ?? '']);
  printTable(['ID', 'NAME', 'EVENTS', 'FILES', 'PROBLEM'], rows);
  return 0;
}

/** Deletes a case, named by name or id, once the user said so: --yes, or its name typed again at the terminal. */
async function deleteCase(engine: Engine, args: string[], opts: CasesOptions): Promise<number> {
  const [ref] = args;
  if (ref === undefined || args.length > 1) throw new UsageError('cases delete takes one case NAME (or ID; see: sightline cases)');
  const target = await findCase(engine, ref);
  if (!target) throw new RemoteError({ code: 'NOT_FOUND', message: `no case named "${ref}" (see: sightline cases)`, field: 'case' });
  const what = `case "${shown(target.name)}" (${target.id}): ${target.importCount} imported file${target.importCount === 1 ? '' : 's'}, ${target.eventCount.toLocaleString('en-US')} events, its findings and notes`;
  if (!opts.yes) {
    if (opts.json || !canAsk()) throw new UsageError(`deleting ${what} cannot be undone: add --yes`);
    const typed = await ask(`This deletes ${what}; it cannot be undone.\nType the case's name to delete it: `);
    if (!sameCaseName(typed.trim(), target.name)) {
      process.stderr.write('sightline: not deleted (the name typed differs)\n');
      return 1;
    }
  }
  const waiting = waitNotice(`the job writing to case "${target.name}"`, opts.json);
  let r;
  try {
    r = await cancellableJob(engine, (jobId) => engine.invoke('deleteCase', { caseId: target.id }, { jobId, onProgress: (p) => p.waitingSeconds !== undefined && waiting.update(p.waitingSeconds) }));
  } finally {
    waiting.done();
  }
  if (opts.json) printJson({ case: { id: target.id, name: target.name }, ...r });
  else process.stdout.write(`deleted ${what}\n`);
  return 0;
}
