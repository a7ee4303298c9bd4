import type { ViewNode } from '../../../shared/graph-view-types.js';
import { glyphsOf } from './glyphs.js';
import { hasHiddenChars, viewLabels } from './node-text.js';
import { C } from './palette.js';
import {
  NODE_DIM,
  NODE_GROUP,
  NODE_HIDDEN_CHARS,
  NODE_NEIGHBOUR,
  NODE_PINNED,
  NODE_SELECTED,
  NODE_VISIBLE,
  RING_HIT,
  RING_NONE,
  NO_COLOUR,
  RING_SUPPRESSED,
  type BadgePart,
  type EdgeBatch,
  type NodeBatch,
  type Scene,
  type SceneInput,
} from './scene-types.js';

/** Ordinary edges: at most one device pixel, thinner for small ones (width by events or bytes in four steps). */
export const BASE_WIDTHS = [0.35, 0.55, 0.75, 1] as const;
const BASE_ALPHA = 0.6;
const DIM_EDGE_ALPHA = 0.12;
export const DIM_NODE_ALPHA = 0.28;
/** Layers drawn in this order: the hairball, findings, the selection's edges, the selected edge. */
const LAYER_BASE = 0;
const LAYER_FINDING = 1;
const LAYER_SELECTION = 2;
const LAYER_SELECTED_EDGE = 3;

const severityColours = [C.sevInfo, C.sevLow, C.sevMedium, C.sevHigh] as const;

/** A severity code (-1 none), or the score on the shared scale when the code is missing. */
export function severityColour(code: number, score: number): number | null {
  if (code >= 0 && code < severityColours.length) return severityColours[code] ?? null;
  if (!(score > 0)) return null;
  return score >= 0.9 ? C.sevHigh : score >= 0.7 ? C.sevMedium : score >= 0.5 ? C.sevLow : C.sevInfo;
}

const severityIndex = { info: 0, low: 1, medium: 2, high: 3 } as const;

function nodeSeverityColour(node: ViewNode): number | null {
  const f = node.finding;
  if (!f) return null;
  return severityColour(f.severity ? severityIndex[f.severity] : -1, f.score);
}

function kindColour(kind: ViewNode['kind'] | 'host' | 'process' | 'destination', node: ViewNode): number {
  if (kind === 'host') return C.host;
  if (kind === 'process') return C.process;
  if (kind === 'destination') return !node.addressClass || node.addressClass === 'public' ? C.public : C.internal;
  return C.group;
}

export function nodeRadius(node: ViewNode): number {
  // A group's box is 2.8 r × 2 r: at most one row of the columns layout high.
  if (node.kind === 'group') return 7 + Math.min(3, Math.log10(1 + (node.group?.members ?? 1)));
  const base = node.kind === 'host' ? 8 : node.kind === 'process' ? 6 : 4;
  return base + Math.min(5, Math.log10(1 + node.events) * 1.25);
}

function widthBuckets(values: ArrayLike<number>, visible: (e: number) => boolean): Uint8Array {
  const out = new Uint8Array(values.length);
  let max = 0;
  for (let e = 0; e < values.length; e++) if (visible(e)) max = Math.max(max, values[e] ?? 0);
  const scale = Math.log1p(max);
  if (scale <= 0) return out;
  for (let e = 0; e < values.length; e++) out[e] = Math.min(3, Math.floor((Math.log1p(Math.max(0, values[e] ?? 0)) / scale) * 4));
  return out;
}

function groupBy(keys: Uint16Array, members: ArrayLike<number>, count: number, buckets: number): Uint32Array[] {
  const sizes = new Uint32Array(buckets);
  for (let i = 0; i < count; i++) sizes[keys[members[i] as number] as number]! += 1;
  const out = Array.from(sizes, (n) => new Uint32Array(n));
  const fill = new Uint32Array(buckets);
  for (let i = 0; i < count; i++) {
    const item = members[i] as number;
    const k = keys[item] as number;
    (out[k] as Uint32Array)[fill[k]!++] = item;
  }
  return out;
}

/**
 * The scene for one state of the view: styles as small codes in typed arrays,
 * edges bucketed into one batch per (layer, dimmed, colour, width) so a frame
 * strokes a handful of paths, not 30,000. Pure: no DOM.
 */
export function buildScene(input: SceneInput): Scene {
  const { view, positions, visibleNodes, visibleEdges, overlays, selected, selectedEdge } = input;
  const n = view.nodes.length;
  const { source, target, kind, score, severity } = view.edges;
  const m = source.length;
  if (positions.length < 2 * n) throw new Error(`positions hold ${positions.length / 2} nodes, the view ${n}`);

  const nodeFlags = new Uint8Array(n);
  const radius = new Float32Array(n);
  const fill = new Uint8Array(n);
  const ring = new Uint8Array(n);
  const findingRing = new Uint8Array(n).fill(NO_COLOUR);
  const badges = new Map<number, BadgePart[]>();
  // Indices the view does not hold (a stale selection) select nothing.
  let hasSelection = selectedEdge !== null && selectedEdge >= 0 && selectedEdge < m;
  for (const i of selected) if (i >= 0 && i < n && visibleNodes[i]) hasSelection = true;
  let visibleCount = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;

  for (let i = 0; i < n; i++) {
    const node = view.nodes[i] as ViewNode;
    radius[i] = nodeRadius(node);
    if (!visibleNodes[i]) continue;
    const x = positions[2 * i] as number;
    const y = positions[2 * i + 1] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    visibleCount++;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
    let flags = NODE_VISIBLE;
    if (node.kind === 'group') flags |= NODE_GROUP;
    if (selected.has(i)) flags |= NODE_SELECTED;
    if (hasHiddenChars(node)) flags |= NODE_HIDDEN_CHARS;
    if (input.pinned?.has(i)) flags |= NODE_PINNED;
    nodeFlags[i] = flags;
    const sev = overlays.anomaly ? nodeSeverityColour(node) : null;
    // The fill says what a node is; a finding is a ring in its severity's colour.
    fill[i] = kindColour(node.kind === 'group' ? (node.group?.of ?? 'group') : node.kind, node);
    findingRing[i] = sev ?? NO_COLOUR;

    const parts: BadgePart[] = [];
    const rep = node.reputation;
    if (overlays.reputation && rep && rep.hits > 0) {
      ring[i] = rep.suppressed ? RING_SUPPRESSED : RING_HIT;
      const word = node.kind === 'process' ? 'hash' : 'IoC';
      parts.push({ text: `${rep.suppressed ? '~' : ''}${word} ${rep.sources}`, colour: rep.suppressed ? C.muted : C.alert });
    } else ring[i] = RING_NONE;
    if (overlays.anomaly) {
      const glyphs = glyphsOf(node.finding?.kinds ?? []);
      const alerts = node.alerts ?? 0;
      const text = glyphs.map((g) => (g === '!' && alerts > 0 ? `!${alerts > 99 ? '99+' : alerts}` : g));
      if (!glyphs.includes('!') && alerts > 0) text.push(`!${alerts > 99 ? '99+' : alerts}`);
      if (text.length) parts.push({ text: text.join(' '), colour: sev ?? C.alert });
    }
    if (parts.length) badges.set(i, parts);
  }

  // Neighbours of the selection, and the selected edge's ends, keep their full colour.
  const bucket = widthBuckets(input.edgeWidth === 'bytes' ? sumBytes(view.edges.bytesOut, view.edges.bytesIn) : view.edges.events, (e) => visibleEdges[e] === 1);
  const keys = new Uint16Array(m);
  const drawn = new Uint32Array(m);
  let drawnCount = 0;
  const benign = (i: number) => overlays.dimBenign && view.nodes[i]?.benign !== undefined;
  for (let e = 0; e < m; e++) {
    const s = source[e] as number;
    const t = target[e] as number;
    if (!visibleEdges[e] || !(nodeFlags[s]! & NODE_VISIBLE) || !(nodeFlags[t]! & NODE_VISIBLE)) continue;
    const touching = selected.has(s) || selected.has(t);
    let layer = LAYER_BASE;
    let colour = kind[e] === 0 ? C.runs : C.edge;
    const sev = overlays.anomaly ? severityColour(severity[e] as number, score[e] as number) : null;
    if (sev !== null) {
      layer = LAYER_FINDING;
      colour = sev;
    }
    if (touching) {
      layer = LAYER_SELECTION;
      colour = C.accent;
      nodeFlags[s]! |= NODE_NEIGHBOUR;
      nodeFlags[t]! |= NODE_NEIGHBOUR;
    }
    if (e === selectedEdge) {
      layer = LAYER_SELECTED_EDGE;
      colour = C.accent;
      nodeFlags[s]! |= NODE_NEIGHBOUR;
      nodeFlags[t]! |= NODE_NEIGHBOUR;
    }
    const dim = layer === LAYER_BASE && (hasSelection || benign(s) || benign(t));
    keys[e] = (((layer * 2 + (dim ? 0 : 1)) * 32 + colour) * 4 + (bucket[e] as number)) as number;
    drawn[drawnCount++] = e;
  }
  const edgeBatches: EdgeBatch[] = [];
  groupBy(keys, drawn, drawnCount, 1024).forEach((edges, key) => {
    if (!edges.length) return;
    const b = key % 4;
    const colour = Math.floor(key / 4) % 32;
    const dim = Math.floor(key / 128) % 2 === 0;
    const layer = Math.floor(key / 256);
    const width =
      layer === LAYER_BASE ? BASE_WIDTHS[b as 0]! : layer === LAYER_FINDING ? 1.25 + 0.25 * b : layer === LAYER_SELECTION ? 1.5 : 2.5;
    edgeBatches.push({ colour, width, device: layer === LAYER_BASE, alpha: dim ? DIM_EDGE_ALPHA : layer === LAYER_BASE ? BASE_ALPHA : 0.95, edges });
  });

  // Nodes: dimmed below, the rest, the selection on top; one fill per colour.
  const nodeKeys = new Uint16Array(n);
  const drawnNodes = new Uint32Array(visibleCount);
  const roundNodes = new Uint32Array(visibleCount);
  const groupList: number[] = [];
  const pinnedList: number[] = [];
  let k = 0;
  let rounds = 0;
  for (let i = 0; i < n; i++) {
    const flags = nodeFlags[i] as number;
    if (!(flags & NODE_VISIBLE)) continue;
    const inFocus = (flags & (NODE_SELECTED | NODE_NEIGHBOUR)) !== 0;
    const dim = !inFocus && (hasSelection || benign(i));
    if (dim) nodeFlags[i] = flags | NODE_DIM;
    const layer = flags & NODE_SELECTED ? 2 : dim ? 0 : 1;
    nodeKeys[i] = layer * 32 + (fill[i] as number);
    if (flags & NODE_GROUP) groupList.push(i);
    else roundNodes[rounds++] = i;
    if (flags & NODE_PINNED) pinnedList.push(i);
    drawnNodes[k++] = i;
  }
  const nodeBatches: NodeBatch[] = [];
  groupBy(nodeKeys, roundNodes, rounds, 96).forEach((nodes, key) => {
    if (nodes.length) nodeBatches.push({ colour: key % 32, alpha: key < 32 ? DIM_NODE_ALPHA : 1, nodes });
  });
  groupList.sort((a, b) => layerOf(nodeFlags[a] as number) - layerOf(nodeFlags[b] as number));

  const tier = new Uint8Array(n);
  for (const i of drawnNodes) {
    const node = view.nodes[i] as ViewNode;
    const flags = nodeFlags[i] as number;
    tier[i] =
      flags & NODE_SELECTED || i === input.focus
        ? 4
        : flags & NODE_NEIGHBOUR
          ? 3
          : (node.finding && node.finding.score > 0) || (node.reputation?.hits ?? 0) > 0
            ? 2
            : 1;
  }
  const labelOrder = drawnNodes.slice().sort((a, b) => (tier[b] as number) - (tier[a] as number) || view.nodes[b]!.events - view.nodes[a]!.events || a - b);

  return {
    view,
    positions,
    radius,
    fill,
    nodeFlags,
    ring,
    findingRing,
    nodeBatches,
    groups: Uint32Array.from(groupList),
    pinned: Uint32Array.from(pinnedList),
    edgeBatches,
    labelOrder,
    tier,
    labels: viewLabels(view),
    badges,
    visibleCount,
    bounds: visibleCount ? [x0, y0, x1, y1] : null,
  };
}

function layerOf(flags: number): number {
  return flags & NODE_SELECTED ? 2 : flags & NODE_DIM ? 0 : 1;
}

function sumBytes(out: readonly number[], inn: readonly number[]): Float64Array {
  const sum = new Float64Array(out.length);
  for (let e = 0; e < out.length; e++) sum[e] = (out[e] as number) + (inn[e] as number);
  return sum;
}
