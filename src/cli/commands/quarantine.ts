import type { Engine } from '../../core/index.js';
import { printJson, shown, UsageError } from '../output.js';
import { findCase } from '../resolve-case.js';

/** `sightline quarantine --case NAME [--limit N] [--json]`: the records imports could not read, with file, line and reason. */
export async function quarantineCommand(engine: Engine, opts: { case?: string | undefined; limit?: string | undefined; json: boolean }): Promise<number> {
  if (!opts.case) throw new UsageError('say which case: --case NAME');
  const target = await findCase(engine, opts.case);
  if (!target) throw new UsageError(`no case named "${opts.case}"`);
  const limit = opts.limit === undefined ? 100 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit takes 1 to 1000, not "${opts.limit}"`);
  const { total, rows } = await engine.invoke('listQuarantine', { caseId: target.id, limit });
  if (opts.json) {
    printJson({ case: { id: target.id, name: target.name }, total, rows });
    return 0;
  }
  if (total === 0) {
    process.stdout.write('no quarantined records\n');
    return 0;
  }
  for (const q of rows) {
    process.stdout.write(`${shown(q.file)}:${q.line}${q.field ? ` (${shown(q.field)})` : ''}: ${shown(q.reason)}\n    ${shown(q.raw)}\n`);
  }
  if (total > rows.length) process.stdout.write(`… ${total - rows.length} more (--limit, or --json)\n`);
  return 0;
}
