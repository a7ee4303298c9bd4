import type { Finding } from '../../../shared/analysis-types.js';
import { shortText } from '../../../shared/cut-text.js';
import { computeLayout, type LayoutEdge, type LayoutNode } from '../../../shared/graph-layout/layout.js';
import { htmlText } from '../../../shared/html-escape.js';
import type { ReportDocument } from '../../../shared/report-types.js';
import type { NodeKind } from '../../../shared/types.js';
import { destinationId, hostId, processId } from '../../graph/node-id.js';
import { imageName } from '../../graph/unit-rows.js';

/** Nodes in the tallest column at most: the drawing stays one page tall and its labels readable. */
export const MAX_COLUMN = 40;
/** Neighbours drawn per node of a finding (from the details' first pages). */
const NEIGHBOURS = 3;
const ROW_GAP = 24;
const COLUMNS_WIDTH = 560;
const LEFT = 190;
const RIGHT = 200;
const PAD = 18;
const LABEL_CHARS = 30;

interface DrawnNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** The strongest severity of its findings ('none': below every severity); null for a neighbour. */
  severity: NonNullable<Finding['severity']> | 'none' | null;
}

export interface FindingsGraph {
  svg: string;
  nodes: number;
  edges: number;
  /** Findings whose nodes are drawn, of the report's. */
  findingsDrawn: number;
}

const SEVERITY_RANK: Record<string, number> = { none: 0, info: 1, low: 2, medium: 3, high: 4 };

/**
 * The neighbourhood of the report's findings as SVG text: hosts, processes
 * and destinations in columns (shared/graph-layout, the UI's columns
 * layout: deterministic, so the same case draws the same picture), the
 * findings' nodes ringed in their severity's colour, and a few of their
 * neighbours from the details' first pages in grey. The strongest findings
 * first, as many as keep every column within MAX_COLUMN.
 */
export function findingsGraphSvg(doc: ReportDocument): FindingsGraph {
  const nodes = new Map<string, DrawnNode>();
  const edges = new Map<string, LayoutEdge & { finding: boolean }>();
  const counts: Record<NodeKind, number> = { host: 0, process: 0, destination: 0 };
  const fits = (ids: [string, NodeKind][]) => {
    const extra: Record<NodeKind, number> = { host: 0, process: 0, destination: 0 };
    for (const [id, kind] of ids) if (!nodes.has(id)) extra[kind]++;
    return (['host', 'process', 'destination'] as const).every((k) => counts[k] + extra[k] <= MAX_COLUMN);
  };
  const add = (id: string, kind: NodeKind, label: string, severity: DrawnNode['severity']) => {
    const known = nodes.get(id);
    if (!known) {
      nodes.set(id, { id, kind, label, severity });
      counts[kind]++;
    } else if (severity !== null && (known.severity === null || SEVERITY_RANK[severity]! > SEVERITY_RANK[known.severity]!)) known.severity = severity;
  };
  const link = (source: string, target: string, finding: boolean) => {
    const key = `${source}\u0000${target}`;
    const known = edges.get(key);
    if (known) known.finding ||= finding;
    else edges.set(key, { source, target, finding });
  };
  /** The chain host → process → destination (or host → destination) as node ids with kinds. */
  const chain = (host: string, process: string | null, dst: string | null): [string, NodeKind, string][] => [
    [hostId(host), 'host', host],
    ...(process === null ? [] : ([[processId(host, process), 'process', imageName(process)]] as [string, NodeKind, string][])),
    ...(dst === null ? [] : ([[destinationId(dst), 'destination', dst]] as [string, NodeKind, string][])),
  ];
  const place = (links: [string, NodeKind, string][], severity: DrawnNode['severity'], finding: boolean): boolean => {
    if (!fits(links.map(([id, kind]) => [id, kind]))) return false;
    for (const [id, kind, label] of links) add(id, kind, label, severity);
    for (let i = 1; i < links.length; i++) link(links[i - 1]![0], links[i]![0], finding);
    return true;
  };

  let findingsDrawn = 0;
  for (const rf of doc.findings) {
    const f = rf.finding;
    if (!place(chain(f.host, f.process, f.dst), f.severity ?? 'none', true)) continue;
    findingsDrawn++;
  }
  // Neighbours after every finding that fits: they never push a finding out.
  for (const rf of doc.findings) {
    const f = rf.finding;
    if (!nodes.has(destinationId(f.dst))) continue;
    for (const n of rf.destination?.reachedBy.rows.slice(0, NEIGHBOURS) ?? []) place(chain(n.host, n.process, f.dst), null, false);
    if (f.process === null) continue;
    for (const n of rf.process?.destinations.rows.slice(0, NEIGHBOURS) ?? []) if (n.destination !== null) place(chain(f.host, f.process, n.destination), null, false);
  }
  return { svg: draw([...nodes.values()], [...edges.values()]), nodes: nodes.size, edges: edges.size, findingsDrawn };
}

function draw(nodes: DrawnNode[], edges: (LayoutEdge & { finding: boolean })[]): string {
  const layoutNodes: LayoutNode[] = nodes.map((n) => ({ id: n.id, kind: n.kind }));
  const pos = computeLayout({ nodes: layoutNodes, edges, width: COLUMNS_WIDTH, rowGap: ROW_GAP });
  const ys = Object.values(pos).map((p) => p[1]);
  const height = (ys.length ? Math.max(...ys) : 0) + 2 * PAD;
  const width = LEFT + COLUMNS_WIDTH + RIGHT;
  const at = (id: string) => {
    const p = pos[id] ?? [0, 0];
    return [LEFT + p[0], PAD + p[1]] as const;
  };
  const n1 = (v: number) => String(Math.round(v * 10) / 10);
  const out = [`<svg class="graph-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${n1(height)}" role="img" aria-label="${nodes.length} nodes and ${edges.length} connections of the reported findings">`];
  for (const finding of [false, true]) {
    const d = edges
      .filter((e) => e.finding === finding)
      .map((e) => {
        const [ax, ay] = at(e.source);
        const [bx, by] = at(e.target);
        return `M${n1(ax)} ${n1(ay)}L${n1(bx)} ${n1(by)}`;
      })
      .join('');
    if (d) out.push(`<path class="${finding ? 'edge-finding' : 'edge-neighbour'}" d="${d}"/>`);
  }
  for (const n of nodes) {
    const [x, y] = at(n.id);
    const sev = n.severity === null ? 'neighbour' : `sev-${n.severity}`;
    const r = n.severity === null ? 3.5 : 5.5;
    if (n.severity !== null) out.push(`<circle class="ring ${sev}" cx="${n1(x)}" cy="${n1(y)}" r="${r + 3}"/>`);
    out.push(`<circle class="node node-${n.kind}${n.severity === null ? ' node-neighbour' : ''}" cx="${n1(x)}" cy="${n1(y)}" r="${r}"/>`);
    const anchor = n.kind === 'host' ? 'end' : 'start';
    const dx = n.kind === 'host' ? -12 : 12;
    const dy = n.kind === 'process' ? -8 : 0;
    const text = htmlText(shortText(n.label, LABEL_CHARS));
    out.push(`<text class="node-label${n.severity === null ? ' muted-label' : ''}" x="${n1(x + dx)}" y="${n1(y + dy)}" text-anchor="${anchor}" dominant-baseline="central"><title>${htmlText(n.id)}</title>${text}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}
