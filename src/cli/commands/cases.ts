import type { Engine } from '../../core/index.js';
import { printJson, printTable } from '../output.js';

/** `sightline cases [--json]` */
export async function casesCommand(engine: Engine, opts: { json: boolean }): Promise<number> {
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
