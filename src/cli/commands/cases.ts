import type { Engine } from '../../core/index.js';
import { printJson } from '../output.js';

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

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(`${[fmt(header), ...rows.map(fmt)].join('\n')}\n`);
}
