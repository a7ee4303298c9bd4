/**
 * ADAPTER until GraphCanvas is on main: the old d3 SVG GraphView behind the
 * surface interface GraphCanvas implements. Delete with legacy-graph.ts.
 */
import { forwardRef, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { GraphView } from '../components/GraphView.js';
import { useLayout } from '../graph/use-layout.js';
import type { Visibility } from '../model/selectors.js';
import type { SurfaceHandle, SurfaceProps } from './graph-surface.js';
import { drawnLegacyGraph } from './legacy-graph.js';

export const LegacySurface = forwardRef<SurfaceHandle, SurfaceProps>(function LegacySurface(props, ref) {
  const { view, visibleNodes, visibleEdges, selected, selectedEdge, onSelect } = props;
  const graph = useMemo(() => drawnLegacyGraph(view, { nodes: visibleNodes, edges: visibleEdges } as Visibility), [view, visibleNodes, visibleEdges]);
  const laid = useLayout(graph);
  // The last laid-out drawing stays up while the next one is laid out (no blank flash on each re-fetch).
  const [drawn, setDrawn] = useState<{ graph: typeof graph; positions: NonNullable<typeof laid> } | null>(null);
  if (laid && drawn?.positions !== laid) setDrawn({ graph, positions: laid });
  const [fit, setFit] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const index = useMemo(() => new Map(view.nodes.map((n, i) => [n.id, i])), [view]);
  useImperativeHandle(ref, () => ({
    fitToView: () => setFit((f) => f + 1),
    exportSvg: () => standaloneSvg(box.current?.querySelector('svg') ?? null),
    exportPng: () => svgToPng(standaloneSvg(box.current?.querySelector('svg') ?? null)),
  }));
  const last = [...selected].pop();
  const selectedId = last === undefined ? null : (view.nodes[last]?.id ?? null);
  const edgeId = selectedEdge === null ? null : `${view.nodes[view.edges.source[selectedEdge] as number]?.id}->${view.nodes[view.edges.target[selectedEdge] as number]?.id}`;
  if (!drawn) return <div className="empty muted">Laying out {graph.nodes.length} nodes…</div>;
  return (
    <div ref={box} className="surface-box">
      <GraphView
        graph={drawn.graph}
        positions={drawn.positions}
        selectedId={selectedId}
        selectedEdgeId={edgeId}
        fitRequest={fit}
        onSelect={(id, additive) => {
          const i = id === null ? undefined : index.get(id);
          onSelect(i === undefined ? null : { node: i }, additive);
        }}
      />
    </div>
  );
});

const PAINTED = ['fill', 'fill-opacity', 'stroke', 'stroke-opacity', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-size', 'font-family', 'font-weight', 'display', 'text-anchor'];

/**
 * The surface's SVG with its computed styles written as presentation
 * attributes (a style attribute would break the page's CSP), so the file
 * draws the same outside the app.
 */
function standaloneSvg(svg: SVGSVGElement | null): string {
  if (!svg) return '';
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    for (const p of PAINTED) (to[i] as SVGElement).setAttribute(p, cs.getPropertyValue(p));
  });
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.round(width)));
  copy.setAttribute('height', String(Math.round(height)));
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', getComputedStyle(document.documentElement).getPropertyValue('--bg'));
  copy.prepend(background);
  return new XMLSerializer().serializeToString(copy);
}

async function svgToPng(svgText: string): Promise<Blob> {
  // A data: address, not a blob: one: the page's CSP allows images from 'self' and data: only.
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth || 1200;
    canvas.height = img.naturalHeight || 800;
    canvas.getContext('2d')?.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
  }
}
