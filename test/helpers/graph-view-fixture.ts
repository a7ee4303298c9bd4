import { kindsToBits, severityCode, type GraphView, type ViewNode } from '../../src/shared/graph-view-types.js';

interface EdgeSpec {
  from: string;
  to: string;
  events?: number;
  first?: string;
  last?: string;
  score?: number;
  severity?: 'info' | 'low' | 'medium' | 'high';
  kinds?: string[];
}

/**
 * A small GraphView by ids: `runs` edges from hosts to processes, `connects`
 * otherwise; times default to one day in 2024.
 */
export function graphViewOf(nodes: (Partial<ViewNode> & Pick<ViewNode, 'id' | 'kind'>)[], edges: EdgeSpec[]): GraphView {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const at = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`no node ${id}`);
    return i;
  };
  const col = <T>(f: (e: EdgeSpec) => T) => edges.map(f);
  return {
    nodes: nodes.map((n) => ({ label: n.id.replace(/^[a-z]+:/, ''), events: 1, ...n })),
    edges: {
      source: col((e) => at(e.from)),
      target: col((e) => at(e.to)),
      kind: col((e) => (nodes[at(e.from)]?.kind === 'host' && nodes[at(e.to)]?.kind === 'process' ? 0 : 1)),
      events: col((e) => e.events ?? 1),
      bytesOut: col(() => 100),
      bytesIn: col(() => 200),
      firstSeen: col((e) => Date.parse(e.first ?? '2024-03-01T08:00:00Z')),
      lastSeen: col((e) => Date.parse(e.last ?? '2024-03-01T18:00:00Z')),
      ports: col(() => '443'),
      score: col((e) => e.score ?? -1),
      severity: col((e) => severityCode(e.severity)),
      kinds: col((e) => kindsToBits(e.kinds ?? [])),
    },
    folded: { destinations: 0, edges: 0 },
    totals: { hosts: 0, processes: 0, destinations: 0, events: 0 },
    timeRange: { first: '2024-03-01T08:00:00.000Z', last: '2024-03-02T18:00:00.000Z' },
  };
}

/**
 * Two hosts; WS1 runs chrome (to a benign CDN and, early, to an IoC address)
 * and evil.exe (a high beacon finding); SRV has a flow without process to an internal address.
 */
export function sampleView(): GraphView {
  return graphViewOf(
    [
      { id: 'host:WS1', kind: 'host' },
      { id: 'host:SRV', kind: 'host' },
      { id: 'process:WS1|C:\\chrome.exe', kind: 'process', label: 'chrome.exe', path: 'C:\\chrome.exe' },
      { id: 'process:WS1|C:\\evil.exe', kind: 'process', label: 'evil.exe', path: 'C:\\evil.exe' },
      { id: 'ip:1.1.1.1', kind: 'destination', benign: 'CDN', names: ['cdn.example'] },
      { id: 'ip:6.6.6.6', kind: 'destination', reputation: { hits: 2, sources: 1, score: 0.9 } },
      { id: 'ip:7.7.7.7', kind: 'destination', finding: { score: 0.8, severity: 'high', kinds: ['beacon'] } },
      { id: 'ip:10.0.0.9', kind: 'destination', addressClass: 'private' },
    ],
    [
      { from: 'host:WS1', to: 'process:WS1|C:\\chrome.exe' },
      { from: 'host:WS1', to: 'process:WS1|C:\\evil.exe' },
      { from: 'process:WS1|C:\\chrome.exe', to: 'ip:1.1.1.1', events: 50 },
      { from: 'process:WS1|C:\\chrome.exe', to: 'ip:6.6.6.6', first: '2024-03-01T08:00:00Z', last: '2024-03-01T09:00:00Z', score: 0.4, severity: 'low', kinds: ['ioc'] },
      { from: 'process:WS1|C:\\evil.exe', to: 'ip:7.7.7.7', score: 0.8, severity: 'high', kinds: ['beacon', 'new-destination'], first: '2024-03-02T08:00:00Z', last: '2024-03-02T18:00:00Z' },
      { from: 'host:SRV', to: 'ip:10.0.0.9' },
    ],
  );
}
