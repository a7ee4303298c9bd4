import type { Engine } from '../../core/index.js';
import { printJson, printTable, UsageError } from '../output.js';
import { findCase } from '../resolve-case.js';

/**
 * `sightline imports --case NAME [--json]`: the files of a case and what each
 * brought in; `sightline imports remove ID --case NAME` takes one out again.
 */
export async function importsCommand(engine: Engine, args: string[], opts: { case?: string | undefined; json: boolean }): Promise<number> {
  if (!opts.case) throw new UsageError('say which case: --case NAME');
  const target = await findCase(engine, opts.case);
  if (!target) throw new UsageError(`no case named "${opts.case}"`);
  const [action, id] = args;
  if (action === 'remove') {
    const importId = Number(id);
    if (!Number.isInteger(importId) || importId < 1) throw new UsageError('imports remove takes the import ID that `sightline imports --case NAME` lists');
    const result = await engine.invoke('deleteImport', { caseId: target.id, importId });
    if (!result.deleted) throw new UsageError(`case "${target.name}" has no import ${importId}`);
    if (opts.json) printJson(result);
    else process.stdout.write(`removed import ${importId}: ${result.events.toLocaleString('en-US')} connections\n`);
    return 0;
  }
  if (action !== undefined) throw new UsageError(`unknown imports action "${action}" (remove ID)`);
  const imports = await engine.invoke('listImports', { caseId: target.id });
  if (opts.json) {
    printJson({ case: { id: target.id, name: target.name }, imports });
    return 0;
  }
  if (imports.length === 0) {
    process.stdout.write('nothing imported into this case yet\n');
    return 0;
  }
  const n = (v: number) => v.toLocaleString('en-US');
  printTable(
    ['ID', 'FILE', 'FORMAT', 'CONNECTIONS', 'PROCESSES', 'DNS', 'ALERTS', 'SKIPPED', 'QUARANTINED'],
    imports.map((i) => [String(i.id), i.file, i.format, n(i.events), n(i.processes), n(i.dns), n(i.alerts), n(i.ignored), n(i.quarantined)]),
  );
  return 0;
}
