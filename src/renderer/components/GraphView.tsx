import { select, zoom, zoomIdentity, type Selection, type ZoomBehavior } from 'd3';
import { useEffect, useRef } from 'react';
import { shortText } from '../../shared/cut-text.js';
import type { Graph, GraphNode } from '../../shared/types.js';
import { hiddenCharName, hiddenChars, hiddenMarker, revealHidden, visiblePieces, type VisiblePiece } from '../../shared/visible-text.js';
import type { Positions } from '../graph/layout.js';

interface Props {
  graph: Graph;
  positions: Positions;
  selectedId: string | null;
  /** Drawn highlighted (a finding's edge). */
  selectedEdgeId?: string | null;
  /** Each change fits the graph to the surface again. */
  fitRequest?: number;
  onSelect: (id: string | null, additive: boolean) => void;
}

const LABEL_ALL_BELOW = 400;
/** Labels are names cut to this many characters (the whole name is in the tooltip's head and the details). */
const LABEL_CHARS = 40;
const TITLE_CHARS = 300;

/**
 * The drawing surface. React hands it data; d3 owns everything inside the
 * <svg> (joins, zoom, pan) and nothing else touches it. Clicking a node
 * selects it; clicking the background clears the selection.
 */
export function GraphView({ graph, positions, selectedId, selectedEdgeId = null, fitRequest = 0, onSelect }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const onSelectRef = useRef(onSelect);
  const positionsRef = useRef(positions);
  const fittedFor = useRef('');
  useEffect(() => {
    onSelectRef.current = onSelect;
    positionsRef.current = positions;
  }, [onSelect, positions]);

  useEffect(() => {
    const svg = select(svgRef.current as SVGSVGElement);
    const viewport = svg.select<SVGGElement>('g.viewport');
    const behaviour = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 8])
      .on('zoom', (event: { transform: { toString(): string; k: number } }) => {
        viewport.attr('transform', event.transform.toString());
        svg.classed('zoomed-in', event.transform.k > 1.6);
      });
    svg.call(behaviour).on('dblclick.zoom', null);
    svg.on('click', (event: MouseEvent) => {
      if (event.target === svgRef.current) onSelectRef.current(null, false);
    });
    zoomRef.current = behaviour;
    // The details panel opening or the window resizing changes the surface:
    // fit again so the graph (and the node just clicked) stays in view.
    let lastWidth = 0;
    const resize = new ResizeObserver(([entry]) => {
      const width = Math.round(entry?.contentRect.width ?? 0);
      if (width === lastWidth) return;
      lastWidth = width;
      fitToView(svgRef.current, behaviour, positionsRef.current);
    });
    resize.observe(svgRef.current as SVGSVGElement);
    return () => {
      resize.disconnect();
      svg.on('.zoom', null).on('click', null);
    };
  }, []);

  useEffect(() => {
    const svg = select(svgRef.current as SVGSVGElement);
    const pos = (id: string): [number, number] => positions[id] ?? [0, 0];
    const maxEvents = Math.max(1, ...graph.edges.map((e) => e.events));

    svg
      .select('g.edges')
      .selectAll<SVGLineElement, Graph['edges'][number]>('line')
      .data(graph.edges, (e) => e.id)
      .join('line')
      .attr('class', (e) => `edge edge-${e.kind}${e.finding?.severity ? ` finding finding-${e.finding.severity}` : ''}`)
      .attr('data-finding', (e) => e.finding?.severity ?? null)
      .attr('data-edge-id', (e) => e.id)
      .attr('x1', (e) => pos(e.source)[0])
      .attr('y1', (e) => pos(e.source)[1])
      .attr('x2', (e) => pos(e.target)[0])
      .attr('y2', (e) => pos(e.target)[1])
      .attr('stroke-width', (e) => 0.6 + 3 * Math.sqrt(e.events / maxEvents));

    const labelAll = graph.nodes.length < LABEL_ALL_BELOW;
    const nodes = svg
      .select('g.nodes')
      .selectAll<SVGGElement, GraphNode>('g.node')
      .data(graph.nodes, (n) => n.id)
      .join((enter) => {
        const g = enter.append('g');
        g.append('circle');
        g.append('text').attr('class', 'label').attr('dy', '0.32em');
        g.append('text').attr('class', 'dns-name').attr('y', 9.5);
        const badge = g.append('g').attr('class', 'alert-badge');
        // A rect, not a circle: the node's one circle stays what tests and styles address.
        badge.append('rect').attr('height', 13).attr('y', -6.5).attr('rx', 6.5);
        badge.append('text').attr('dy', '0.34em').attr('text-anchor', 'middle');
        g.append('title');
        return g;
      })
      .attr('class', (n) => `node node-${n.kind}${n.internal ? ' internal' : ''}${n.finding?.severity ? ` finding finding-${n.finding.severity}` : ''}${labelAll || n.kind !== 'destination' ? ' labelled' : ''}${hasHidden(n) ? ' has-hidden' : ''}`)
      .attr('data-node-id', (n) => n.id)
      .attr('data-kind', (n) => n.kind)
      .attr('data-finding', (n) => n.finding?.severity ?? null)
      .attr('transform', (n) => `translate(${pos(n.id)[0]},${pos(n.id)[1]})`)
      .on('click', (event: MouseEvent, n) => {
        event.stopPropagation();
        onSelectRef.current(n.id, event.shiftKey || event.ctrlKey || event.metaKey);
      });
    nodes.select('circle').attr('r', (n) => radius(n));
    nodes
      .select<SVGTextElement>('text.label')
      .attr('x', (n) => (n.kind === 'host' ? -radius(n) - 4 : radius(n) + 4))
      .attr('text-anchor', (n) => (n.kind === 'host' ? 'end' : 'start'))
      // With a DNS name below it, the address moves up: both fit in one row of the layout.
      .attr('dy', (n) => (n.names?.length ? '-0.12em' : '0.32em'))
      .each(function (n) {
        showVisible(select(this), shortText(n.label, LABEL_CHARS));
      });
    // A destination's first DNS name, under its address.
    nodes
      .select<SVGTextElement>('text.dns-name')
      .attr('x', (n) => radius(n) + 4)
      .each(function (n) {
        showVisible(select(this), shortText(n.names?.[0] ?? '', LABEL_CHARS));
      });
    // IDS / SIEM alerts that involve the address: a badge on the node's top right.
    const badges = nodes
      .select<SVGGElement>('g.alert-badge')
      .attr('display', (n) => (n.alerts ? null : 'none'))
      .attr('transform', (n) => `translate(${radius(n) * 0.7 + 3},${-radius(n) * 0.7 - 3})`);
    badges.select('rect').attr('width', (n) => 7 + 6 * alertText(n).length).attr('x', (n) => -(7 + 6 * alertText(n).length) / 2);
    badges.select('text').text(alertText);
    nodes
      .attr('data-alerts', (n) => n.alerts ?? null)
      .select('title')
      .text((n) => nodeTitle(n));

    // A new answer with the same nodes (after an analysis or a verdict) keeps the analyst's zoom.
    const key = graph.nodes.map((n) => n.id).join('\n');
    if (key !== fittedFor.current) fitToView(svgRef.current, zoomRef.current, positions);
    fittedFor.current = key;
  }, [graph, positions]);

  useEffect(() => {
    if (fitRequest > 0) fitToView(svgRef.current, zoomRef.current, positionsRef.current);
  }, [fitRequest]);

  useEffect(() => {
    const svg = select(svgRef.current as SVGSVGElement);
    const neighbours = new Set<string>();
    if (selectedId) {
      for (const e of graph.edges) {
        if (e.source === selectedId) neighbours.add(e.target);
        if (e.target === selectedId) neighbours.add(e.source);
      }
    }
    svg.classed('has-selection', selectedId !== null);
    svg.selectAll<SVGGElement, GraphNode>('g.node').classed('selected', (n) => n.id === selectedId).classed('neighbour', (n) => neighbours.has(n.id));
    svg
      .selectAll<SVGLineElement, Graph['edges'][number]>('line.edge')
      .classed('active', (e) => selectedId !== null && (e.source === selectedId || e.target === selectedId))
      .classed('selected', (e) => e.id === selectedEdgeId);
  }, [graph, selectedId, selectedEdgeId]);

  return (
    <svg ref={svgRef} className="graph-surface" data-testid="graph" role="img" aria-label="process to destination graph">
      <g className="viewport">
        <g className="edges" />
        <g className="nodes" />
      </g>
    </svg>
  );
}

function alertText(n: GraphNode): string {
  return !n.alerts ? '' : n.alerts > 99 ? '99+' : String(n.alerts);
}

/**
 * Hidden characters marked in SVG text too: each marker a tspan of its own
 * (styled as a warning), so `invoice<U+202E>gpj.exe` cannot draw as `invoiceexe.jpg`.
 */
function showVisible(text: Selection<SVGTextElement, GraphNode, null, undefined>, value: string): void {
  text
    .selectAll<SVGTSpanElement, VisiblePiece>('tspan')
    .data(visiblePieces(value))
    .join('tspan')
    .attr('class', (p) => ('hidden' in p ? 'hidden-char' : null))
    .text((p) => ('hidden' in p ? hiddenMarker(p.hidden) : p.text));
}

function hasHidden(n: GraphNode): boolean {
  return hiddenChars(n.label).length > 0 || (n.names ?? []).some((name) => hiddenChars(name).length > 0);
}

function nodeTitle(n: GraphNode): string {
  const lines = [`${revealHidden(shortText(n.label, TITLE_CHARS))} (${n.kind}, ${n.events} events)`];
  const hidden = [...new Set([n.label, ...(n.names ?? [])].flatMap((t) => hiddenChars(t)))];
  if (hidden.length) lines.push(`Hidden characters: ${hidden.map(hiddenCharName).join(', ')}`);
  if (n.names?.length) lines.push(`DNS: ${revealHidden(shortText(n.names.join(', '), TITLE_CHARS))}`);
  if (n.alerts) lines.push(`${n.alerts} ${n.alerts === 1 ? 'alert' : 'alerts'}`);
  if (n.finding?.severity) lines.push(`Finding: score ${n.finding.score.toFixed(2)} (${n.finding.severity}): ${n.finding.kinds.join(', ')}`);
  return lines.join('\n');
}

function radius(n: GraphNode): number {
  const base = n.kind === 'host' ? 9 : n.kind === 'process' ? 7 : 5;
  return base + Math.min(8, Math.log10(1 + n.events) * 2);
}

// The resize observer can fire after the surface is gone (a filter change unmounts it): then there is nothing to fit.
function fitToView(svg: SVGSVGElement | null, behaviour: ZoomBehavior<SVGSVGElement, unknown> | null, positions: Positions): void {
  const points = Object.values(positions);
  if (!svg || !behaviour || points.length === 0) return;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs) - 190, Math.max(...xs) + 190, Math.min(...ys) - 40, Math.max(...ys) + 40];
  const { width, height } = svg.getBoundingClientRect();
  if (width === 0 || height === 0) return;
  // Never zoom in past 1.4 (small graphs stay readable size), and for tall
  // graphs fit the width and start at the top rather than shrinking to dots.
  const k = Math.min(1.4, width / (x1 - x0), Math.max(height / (y1 - y0), 0.5));
  const top = height / k < y1 - y0;
  const t = zoomIdentity.translate(width / 2 - (k * (x0 + x1)) / 2, top ? 40 - k * y0 : height / 2 - (k * (y0 + y1)) / 2).scale(k);
  select(svg).call(behaviour.transform, t);
}
