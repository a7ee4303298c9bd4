import type { FindingMark } from '../../shared/types.js';
import { edgeKinds, kindsToBits, severityCode, type GraphView, type ViewNode } from '../../shared/graph-view-types.js';
import { strongerMark } from './finding-marks.js';
import { parsePorts } from './unit-rows.js';

/** Ports written on one edge at most; more are cut with '…'. */
const MAX_PORTS = 20;

interface EdgeAcc {
  source: number;
  target: number;
  kind: number;
  events: number;
  bytesOut: number;
  bytesIn: number;
  first: number;
  last: number;
  /** Port lists as SQL gave them (comma-separated), parsed only for the edges kept. */
  ports: string[];
  mark: FindingMark | undefined;
}

/** What one unit (host, process, destination) adds to an edge. */
export interface EdgePart {
  events: number;
  bytesOut: number;
  bytesIn: number;
  first: number;
  last: number;
  ports: string | null;
  mark: FindingMark | undefined;
}

/**
 * Nodes by id and edges by (source, target, kind), summed as units are
 * added, then written out as the view's node objects and edge columns.
 */
export class ViewAssembly {
  readonly nodes: ViewNode[] = [];
  private readonly index = new Map<string, number>();
  private readonly edges = new Map<string, EdgeAcc>();

  node(id: string, make: () => ViewNode): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.nodes.length;
      this.nodes.push(make());
      this.index.set(id, i);
    }
    return i;
  }

  nodeAt(i: number): ViewNode {
    return this.nodes[i] as ViewNode;
  }

  edge(source: number, target: number, kind: (typeof edgeKinds)[number], part: EdgePart): void {
    const k = edgeKinds.indexOf(kind);
    const key = `${source},${target},${k}`;
    const e = this.edges.get(key);
    if (!e) {
      this.edges.set(key, { source, target, kind: k, ...part, ports: part.ports ? [part.ports] : [] });
      return;
    }
    e.events += part.events;
    e.bytesOut += part.bytesOut;
    e.bytesIn += part.bytesIn;
    e.first = Math.min(e.first, part.first);
    e.last = Math.max(e.last, part.last);
    if (part.ports) e.ports.push(part.ports);
    e.mark = strongerMark(e.mark, part.mark);
  }

  /** The view: nodes in column order (hosts, processes, destinations; a group with what it folds), edges by source and target. */
  finish(): Pick<GraphView, 'nodes' | 'edges'> {
    const column = (n: ViewNode) => ({ host: 0, process: 1, destination: 2 })[n.kind === 'group' ? (n.group?.of ?? 'destination') : n.kind];
    const order = this.nodes.map((_, i) => i).sort((a, b) => {
      const x = this.nodeAt(a);
      const y = this.nodeAt(b);
      return column(x) - column(y) || Number(x.kind === 'group') - Number(y.kind === 'group') || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    });
    const newIndex = new Int32Array(this.nodes.length);
    order.forEach((old, i) => (newIndex[old] = i));
    const kept = [...this.edges.values()]
      .map((e) => ({ ...e, source: newIndex[e.source] as number, target: newIndex[e.target] as number }))
      .sort((a, b) => a.source - b.source || a.target - b.target || a.kind - b.kind);

    const edges: GraphView['edges'] = { source: [], target: [], kind: [], events: [], bytesOut: [], bytesIn: [], firstSeen: [], lastSeen: [], ports: [], score: [], severity: [], kinds: [] };
    for (const e of kept) {
      edges.source.push(e.source);
      edges.target.push(e.target);
      edges.kind.push(e.kind);
      edges.events.push(e.events);
      edges.bytesOut.push(e.bytesOut);
      edges.bytesIn.push(e.bytesIn);
      edges.firstSeen.push(e.first);
      edges.lastSeen.push(e.last);
      edges.ports.push(portText(e.ports));
      edges.score.push(e.mark?.score ?? -1);
      edges.severity.push(severityCode(e.mark?.severity ?? undefined));
      edges.kinds.push(e.mark ? kindsToBits(e.mark.kinds) : 0);
    }
    return { nodes: order.map((i) => this.nodeAt(i)), edges };
  }
}

function portText(lists: string[]): string {
  const ports = lists.length === 1 ? parsePorts(lists[0] as string) : [...new Set(parsePorts(lists.join(',')))].sort((a, b) => a - b);
  return ports.length > MAX_PORTS ? `${ports.slice(0, MAX_PORTS).join(',')},…` : ports.join(',');
}
