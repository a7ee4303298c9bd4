import { select, zoom, type D3ZoomEvent } from 'd3';
import type { GraphView } from '../../src/shared/graph-view-types.js';

/**
 * The peer: the same graph drawn the plain d3 way, one SVG element per edge,
 * node and host/process label, zoomed by transforming a <g> (as the old
 * GraphView.tsx does). The same colours and positions as the canvas.
 */
export function drawSvgPeer(host: HTMLElement, view: GraphView, positions: Float32Array, width: number, height: number): SVGSVGElement {
  const svg = select(host).append('svg').attr('width', width).attr('height', height).style('display', 'block');
  const g = svg.append('g');
  const { source, target } = view.edges;
  const edges = Array.from(source, (s, e) => [s, target[e] as number] as const);
  g.append('g')
    .attr('stroke', 'var(--edge)')
    .attr('stroke-opacity', 0.55)
    .selectAll('line')
    .data(edges)
    .join('line')
    .attr('x1', ([s]) => positions[2 * s] as number)
    .attr('y1', ([s]) => positions[2 * s + 1] as number)
    .attr('x2', ([, t]) => positions[2 * t] as number)
    .attr('y2', ([, t]) => positions[2 * t + 1] as number)
    .attr('stroke-width', 0.8);
  const colour = { host: 'var(--host)', process: 'var(--process)', destination: 'var(--public)', group: 'var(--graph-group)' };
  const nodes = g
    .append('g')
    .selectAll('g')
    .data(view.nodes.map((node, i) => ({ node, i })))
    .join('g')
    .attr('transform', ({ i }) => `translate(${positions[2 * i]},${positions[2 * i + 1]})`);
  nodes
    .append('circle')
    .attr('r', ({ node }) => (node.kind === 'host' ? 9 : node.kind === 'process' ? 7 : 5))
    .attr('fill', ({ node }) => colour[node.kind])
    .attr('stroke', 'var(--panel)');
  nodes
    .filter(({ node }) => node.kind !== 'destination')
    .append('text')
    .attr('x', 10)
    .attr('dy', '0.32em')
    .attr('font-size', 11)
    .attr('fill', 'var(--text)')
    .text(({ node }) => node.label.slice(0, 40));
  const behaviour = zoom<SVGSVGElement, unknown>().on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => g.attr('transform', event.transform.toString()));
  svg.call(behaviour);
  return svg.node() as SVGSVGElement;
}
