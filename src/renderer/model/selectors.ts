import { evidenceKinds, type EvidenceKind } from '../../shared/analysis-types.js';
import { edgeKinds, severityCodes, viewEdgeId, type GraphView, type ViewNode, type ViewNodeKind } from '../../shared/graph-view-types.js';
import type { ClientFilters, SeenState } from './view-state.js';

const RUNS = edgeKinds.indexOf('runs');

/** 1 = drawn, per node and per edge index of one answer. */
export interface Visibility {
  nodes: Uint8Array;
  edges: Uint8Array;
}

const nodeMaps = new WeakMap<GraphView, Map<string, number>>();
const edgeMaps = new WeakMap<GraphView, Map<string, number>>();

/** Node id → index in this answer (ids are stable across answers, indices are not). */
export function nodeIndex(view: GraphView): ReadonlyMap<string, number> {
  let map = nodeMaps.get(view);
  if (!map) {
    map = new Map(view.nodes.map((n, i) => [n.id, i]));
    nodeMaps.set(view, map);
  }
  return map;
}

/** Edge id (`viewEdgeId`) → index in this answer. */
export function edgeIndex(view: GraphView): ReadonlyMap<string, number> {
  let map = edgeMaps.get(view);
  if (!map) {
    map = new Map();
    for (let i = 0; i < view.edges.source.length; i++) map.set(viewEdgeId(view, i), i);
    edgeMaps.set(view, map);
  }
  return map;
}

/** The indices of ids in this answer; ids it does not hold are left out. */
export function indicesOf(view: GraphView, ids: readonly string[]): Set<number> {
  const map = nodeIndex(view);
  const out = new Set<number>();
  for (const id of ids) {
    const i = map.get(id);
    if (i !== undefined) out.add(i);
  }
  return out;
}

export function edgeIndexOf(view: GraphView, edgeId: string | null): number | null {
  return edgeId === null ? null : (edgeIndex(view).get(edgeId) ?? null);
}

/** Whether any of the view's own filters is set (then a node without a passing edge is hidden). */
export function filtering(f: ClientFilters): boolean {
  return f.minScore > 0 || f.severities.length > 0 || f.kinds.length > 0 || f.onlyIoc || f.onlyFindings;
}

type VisibilityInput = Pick<SeenState, 'filters' | 'hidden'> & { query: Pick<SeenState['query'], 'from' | 'to'> };
let memo: { view: GraphView; filters: ClientFilters; hidden: readonly string[]; from: string | null; to: string | null; out: Visibility } | null = null;

/**
 * What is drawn of an answer: an edge when neither end is hidden, it overlaps
 * the time range and (for connections) passes the filters; a `runs` edge when
 * its process keeps a connection; a node when it keeps an edge (a node without
 * any edge only while nothing filters). Memoised on its inputs' identity.
 */
export function selectVisibility(view: GraphView, s: VisibilityInput): Visibility {
  const { filters: f, hidden } = s;
  const { from, to } = s.query;
  if (memo && memo.view === view && memo.filters === f && memo.hidden === hidden && memo.from === from && memo.to === to) return memo.out;
  const out = computeVisibility(view, f, hidden, from, to);
  memo = { view, filters: f, hidden, from, to, out };
  return out;
}

function computeVisibility(view: GraphView, f: ClientFilters, hiddenIds: readonly string[], from: string | null, to: string | null): Visibility {
  const n = view.nodes.length;
  const e = view.edges;
  const m = e.source.length;
  const hidden = new Uint8Array(n);
  for (const i of indicesOf(view, hiddenIds)) hidden[i] = 1;
  const fromMs = from === null ? -Infinity : Date.parse(from);
  const toMs = to === null ? Infinity : Date.parse(to);
  const timed = from !== null || to !== null;
  const any = filtering(f) || timed;
  const sevMask = f.severities.reduce((bits, s) => bits | (1 << severityCodes.indexOf(s)), 0);
  const kindMask = f.kinds.reduce((bits, k) => {
    const i = evidenceKinds.indexOf(k as EvidenceKind);
    return i < 0 ? bits : bits | (1 << i);
  }, 0);
  const iocBits = (1 << evidenceKinds.indexOf('ioc')) | (1 << evidenceKinds.indexOf('hash'));

  const edges = new Uint8Array(m);
  const hasConnects = new Uint8Array(n);
  const keepsConnects = new Uint8Array(n);
  for (let i = 0; i < m; i++) {
    const src = e.source[i] as number;
    const dst = e.target[i] as number;
    if (e.kind[i] === RUNS) continue;
    hasConnects[src] = 1;
    if (hidden[src] || hidden[dst]) continue;
    if ((e.lastSeen[i] as number) < fromMs || (e.firstSeen[i] as number) > toMs) continue;
    const score = e.score[i] as number;
    if (f.minScore > 0 && score < f.minScore) continue;
    if (f.onlyFindings && !(score > 0)) continue;
    if (sevMask && !((e.severity[i] as number) >= 0 && sevMask & (1 << (e.severity[i] as number)))) continue;
    if (kindMask && !((e.kinds[i] as number) & kindMask)) continue;
    if (f.onlyIoc && !((e.kinds[i] as number) & iocBits) && !reputed(view.nodes[dst]) && !reputed(view.nodes[src])) continue;
    edges[i] = 1;
    keepsConnects[src] = 1;
  }
  for (let i = 0; i < m; i++) {
    if (e.kind[i] !== RUNS) continue;
    const src = e.source[i] as number;
    const proc = e.target[i] as number;
    if (hidden[src] || hidden[proc]) continue;
    if (keepsConnects[proc] || (!hasConnects[proc] && !any)) edges[i] = 1;
  }
  const nodes = new Uint8Array(n);
  const degree = new Uint8Array(n);
  for (let i = 0; i < m; i++) {
    const src = e.source[i] as number;
    const dst = e.target[i] as number;
    degree[src] = 1;
    degree[dst] = 1;
    if (edges[i]) {
      nodes[src] = 1;
      nodes[dst] = 1;
    }
  }
  if (!any) for (let i = 0; i < n; i++) if (!degree[i] && !hidden[i]) nodes[i] = 1;
  return { nodes, edges };
}

function reputed(node: ViewNode | undefined): boolean {
  return node?.reputation !== undefined && node.reputation.hits > 0 && node.reputation.suppressed === undefined;
}

export type KindCounts = Record<ViewNodeKind, number>;

export interface ViewCounts {
  /** Drawn nodes per kind, and drawn edges. */
  shown: KindCounts & { edges: number };
  /** In the answer. */
  all: KindCounts & { edges: number };
}

export function countView(view: GraphView, vis: Visibility): ViewCounts {
  const shown = { host: 0, process: 0, destination: 0, group: 0, edges: 0 };
  const all = { host: 0, process: 0, destination: 0, group: 0, edges: view.edges.source.length };
  view.nodes.forEach((node, i) => {
    all[node.kind]++;
    if (vis.nodes[i]) shown[node.kind]++;
  });
  for (let i = 0; i < vis.edges.length; i++) shown.edges += vis.edges[i] as number;
  return { shown, all };
}

/** What a finding names: host, process image (null for flows), destination address. */
export interface FindingRef {
  host: string;
  process: string | null;
  dst: string;
}

/**
 * The edge a finding is about: its process (or, for flows, its host) to its
 * destination; with processes grouped by image, the image's node.
 */
export function findingEdge(view: GraphView, f: FindingRef): number | null {
  const byId = edgeIndex(view);
  const src = f.process === null ? `host:${f.host}` : `process:${f.host}|${f.process}`;
  const exact = byId.get(`${src}->ip:${f.dst}`);
  if (exact !== undefined) return exact;
  const e = view.edges;
  for (let i = 0; i < e.source.length; i++) {
    if (e.kind[i] === RUNS) continue;
    const dst = view.nodes[e.target[i] as number];
    const source = view.nodes[e.source[i] as number];
    if (!dst || !source || (dst.id !== `ip:${f.dst}` && dst.label !== f.dst)) continue;
    if (f.process === null ? source.kind === 'host' && source.label === f.host : source.kind !== 'host' && source.path?.toLowerCase() === f.process.toLowerCase()) return i;
  }
  return null;
}

/** The node a search focuses: one whose label is the text, else the first holding it in its label, path or DNS names, those with a finding first. */
export function searchMatch(view: GraphView, text: string): number | null {
  const needle = text.trim().toLowerCase();
  if (!needle) return null;
  let withFinding: number | null = null;
  let first: number | null = null;
  for (let i = 0; i < view.nodes.length; i++) {
    const node = view.nodes[i] as ViewNode;
    if (node.label.toLowerCase() === needle) return i;
    const hay = [node.label, node.path ?? '', ...(node.names ?? []), ...(node.addresses ?? [])];
    if (!hay.some((h) => h.toLowerCase().includes(needle))) continue;
    if (node.finding) withFinding ??= i;
    first ??= i;
  }
  return withFinding ?? first;
}
