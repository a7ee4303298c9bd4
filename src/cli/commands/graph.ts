import type { Engine } from '../../core/index.js';
import { printJson, shown } from '../output.js';
import { requireCase } from '../resolve-case.js';

/** `sightline graph [--case NAME] [--search TEXT] [--json]`: the edges the UI draws. */
export async function graphCommand(engine: Engine, opts: { case?: string | undefined; search?: string | undefined; json: boolean }): Promise<number> {
  const target = await requireCase(engine, opts.case);
  const graph = await engine.invoke('getGraph', { caseId: target.id, ...(opts.search ? { search: opts.search } : {}) });
  if (opts.json) {
    printJson({ case: { id: target.id, name: target.name }, ...graph });
    return 0;
  }
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
  process.stdout.write(`${shown(target.name)}: ${graph.nodes.length} nodes, ${graph.edges.length} edges\n`);
  for (const e of graph.edges) {
    if (e.kind !== 'connects') continue;
    const ports = e.ports.length ? `:${e.ports.slice(0, 6).join(',')}${e.ports.length > 6 ? ',…' : ''}` : '';
    process.stdout.write(`${shown(label.get(e.source))} -> ${shown(label.get(e.target))}${ports}  ${e.events} events\n`);
  }
  if (graph.omittedDestinations > 0) process.stdout.write(`(${graph.omittedDestinations} less active destinations not shown)\n`);
  return 0;
}
