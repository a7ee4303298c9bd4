import { useEffect, useState } from 'react';
import type { Graph } from '../../shared/types.js';
import type { Positions } from './layout.js';

export const LAYOUT_WIDTH = 900;

/**
 * Positions for a graph, computed in a worker; null while it runs. A new
 * graph terminates the worker of the previous one, so a stale layout never
 * lands on a newer graph.
 */
export function useLayout(graph: Graph | null): Positions | null {
  const [result, setResult] = useState<{ graph: Graph; positions: Positions } | null>(null);

  useEffect(() => {
    if (!graph) return;
    const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ positions: Positions }>) => setResult({ graph, positions: e.data.positions });
    worker.postMessage({
      requestId: 0,
      request: {
        nodes: graph.nodes.map((n) => ({ id: n.id, kind: n.kind })),
        edges: graph.edges.map((e) => ({ source: e.source, target: e.target })),
        width: LAYOUT_WIDTH,
      },
    });
    return () => worker.terminate();
  }, [graph]);

  return result && result.graph === graph ? result.positions : null;
}
