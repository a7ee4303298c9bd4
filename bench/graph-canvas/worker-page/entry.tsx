import { createRoot } from 'react-dom/client';
import { useGraphLayout } from '../../../src/renderer/graph/use-graph-layout.js';
import { generateGraphView, LARGE_VIEW, SMALL_VIEW } from '../../../test/helpers/graph-view-gen.js';

/**
 * useGraphLayout as the app runs it: built by Vite (the worker a chunk of its
 * own), served over 127.0.0.1, ?size=large|small&mode=force|columns. Node 0
 * is pinned at (11, 22). window.layoutResult: what the hook gave, and when.
 */
const params = new URLSearchParams(location.search);
const view = generateGraphView(params.get('size') === 'large' ? LARGE_VIEW : SMALL_VIEW);
const mode = params.get('mode') === 'columns' ? 'columns' : 'force';
const pins = new Map([[0, [11, 22] as const]]);
const progress: number[] = [];
const started = performance.now();

function Layout() {
  const layout = useGraphLayout(view, mode, pins);
  progress.push(layout.progress);
  const done = layout.positions !== null && layout.progress === 1;
  Object.assign(window, {
    layoutResult: {
      done,
      nodes: (layout.positions?.length ?? 0) / 2,
      pinned: layout.positions ? [layout.positions[0], layout.positions[1]] : null,
      progress: progress.slice(),
      error: layout.error ?? null,
      ms: done ? performance.now() - started : null,
    },
  });
  return <output>{Math.round(layout.progress * 100)} %</output>;
}

createRoot(document.getElementById('app') as HTMLElement).render(<Layout />);
