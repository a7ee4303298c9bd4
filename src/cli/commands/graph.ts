import type { Engine } from '../../core/index.js';
import { printJson, shown } from '../output.js';
import { requireCase } from '../resolve-case.js';

/** `sightline graph [--case NAME] [--search TEXT] [--json]`: the investigation graph (getGraphView) the UI draws. */
export async function graphCommand(engine: Engine, opts: { case?: string | undefined; search?: string | undefined; json: boolean }): Promise<number> {
  const target = await requireCase(engine, opts.case);
  const view = await engine.invoke('getGraphView', { caseId: target.id, ...(opts.search ? { search: opts.search } : {}) });
  if (opts.json) {
    printJson({ case: { id: target.id, name: target.name }, ...view });
    return 0;
  }
  const { nodes, edges } = view;
  const name = (i: number) => {
    const node = nodes[i];
    if (!node) return '?';
    return node.group ? `${shown(node.label)} (${node.group.members} ${node.group.of === 'destination' ? 'destinations' : `${node.group.of}s`})` : shown(node.label);
  };
  process.stdout.write(`${shown(target.name)}: ${nodes.length} nodes, ${edges.source.length} edges\n`);
  for (let i = 0; i < edges.source.length; i++) {
    if (edges.kind[i] !== 1) continue;
    const ports = edges.ports[i] ? `:${shortPorts(edges.ports[i] as string)}` : '';
    const score = (edges.score[i] as number) > 0 ? `  finding ${(edges.score[i] as number).toFixed(2)}` : '';
    process.stdout.write(`${name(edges.source[i] as number)} -> ${name(edges.target[i] as number)}${ports}  ${edges.events[i]} events${score}\n`);
  }
  const { folded, totals } = view;
  if (folded.destinations > 0) process.stdout.write(`(${folded.destinations} of ${totals.destinations} destinations folded into groups: the least active without a finding)\n`);
  if (folded.edges > 0) process.stdout.write(`(${folded.edges} less active edges not shown)\n`);
  return 0;
}

/** At most six ports on a line, as the old table printed them. */
function shortPorts(list: string): string {
  const ports = list.split(',');
  return ports.length > 6 ? `${ports.slice(0, 6).join(',')},…` : list;
}
