import type { GraphView } from '../../../shared/graph-view-types.js';

/** What the view model decides and the canvas draws (the GraphCanvas props, without the callbacks). */
export interface Overlays {
  reputation: boolean;
  anomaly: boolean;
  dimBenign: boolean;
}
export type EdgeWidthBy = 'events' | 'bytes';

export interface SceneInput {
  view: GraphView;
  /** x = positions[2*i], y = positions[2*i+1] for node index i. */
  positions: Float32Array;
  /** 1 = drawn (the view model applies filters and hidden nodes). */
  visibleNodes: Uint8Array;
  visibleEdges: Uint8Array;
  overlays: Overlays;
  edgeWidth: EdgeWidthBy;
  /** Node indices (multi-select). */
  selected: ReadonlySet<number>;
  /** Edge index (a finding focuses its edge). */
  selectedEdge: number | null;
  /** Node index kept on screen (panned to when off it). */
  focus?: number | null;
  /** Node indices the analyst pinned (drawn with a pin mark). */
  pinned?: ReadonlySet<number>;
}

/** What a pointer is on. */
export type Target = { node: number } | { edge: number };

/** Node flags (bits of Scene.nodeFlags). */
export const NODE_VISIBLE = 1;
export const NODE_DIM = 2;
export const NODE_SELECTED = 4;
export const NODE_NEIGHBOUR = 8;
export const NODE_GROUP = 16;
export const NODE_HIDDEN_CHARS = 32;
export const NODE_PINNED = 64;

/** Reputation rings (Scene.ring). */
export const RING_NONE = 0;
export const RING_HIT = 1;
export const RING_SUPPRESSED = 2;

/** No colour (a Uint8Array's "none"). */
export const NO_COLOUR = 255;

/** One stroke: every edge of one colour, width and alpha in one path. */
export interface EdgeBatch {
  colour: number;
  /** In device pixels when `device`, else CSS pixels; never scaled by zoom. */
  width: number;
  device: boolean;
  alpha: number;
  edges: Uint32Array;
}

/** One fill: every round node of one colour and alpha. */
export interface NodeBatch {
  colour: number;
  alpha: number;
  nodes: Uint32Array;
}

/** A short mark beside a node (IoC hit with its source count, detector glyphs). */
export interface BadgePart {
  text: string;
  colour: number;
}

/**
 * A GraphView turned into what drawing needs, in typed arrays: computed once
 * per change of data, overlays or selection, then drawn at any transform by
 * the canvas, the SVG export and the hit test alike.
 */
export interface Scene {
  view: GraphView;
  positions: Float32Array;
  /** World units (the layout's): a node's radius, or half the side of a group's box. */
  radius: Float32Array;
  fill: Uint8Array;
  nodeFlags: Uint8Array;
  ring: Uint8Array;
  /** The node's finding as a ring in its severity colour (anomaly overlay), or NO_COLOUR. */
  findingRing: Uint8Array;
  /** Draw order: dimmed first, selected last. Groups are drawn as boxes, after the round nodes of their layer. */
  nodeBatches: NodeBatch[];
  groups: Uint32Array;
  /** Visible pinned nodes (a pin mark each). */
  pinned: Uint32Array;
  edgeBatches: EdgeBatch[];
  /** Visible nodes, most deserving of a label first: selected, their neighbours, findings and IoC hits, then by activity. */
  labelOrder: Uint32Array;
  /** Label tier per node: 4 selected, 3 neighbour, 2 finding/IoC, 1 the rest (drawn only zoomed in on big graphs). */
  tier: Uint8Array;
  labels: readonly string[];
  badges: ReadonlyMap<number, BadgePart[]>;
  visibleCount: number;
  /** x0, y0, x1, y1 of the visible nodes (null: nothing visible). */
  bounds: [number, number, number, number] | null;
}
