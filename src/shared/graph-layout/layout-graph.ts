import type { GraphView } from '../graph-view-types.js';

/** Node kinds as the layouts know them (a group is laid out as the kind it folds). */
export const LAYOUT_KINDS = ['host', 'process', 'destination'] as const;

/** The part of a view a layout needs, as plain arrays a worker takes by transfer. */
export interface LayoutGraph {
  ids: string[];
  /** Index into LAYOUT_KINDS. */
  kinds: Uint8Array;
  source: Int32Array;
  target: Int32Array;
}

/** Pinned nodes: index, x, y, three numbers each (what crosses to the worker). */
export type PinList = Float64Array;

export function layoutGraphOf(view: GraphView): LayoutGraph {
  const kinds = new Uint8Array(view.nodes.length);
  view.nodes.forEach((node, i) => {
    const kind = node.kind === 'group' ? (node.group?.of ?? 'destination') : node.kind;
    kinds[i] = LAYOUT_KINDS.indexOf(kind);
  });
  return { ids: view.nodes.map((n) => n.id), kinds, source: Int32Array.from(view.edges.source), target: Int32Array.from(view.edges.target) };
}

export function pinList(pinned: ReadonlyMap<number, readonly [number, number]> | undefined, nodes: number): PinList {
  const out: number[] = [];
  for (const [i, [x, y]] of pinned ?? []) if (i >= 0 && i < nodes && Number.isFinite(x) && Number.isFinite(y)) out.push(i, x, y);
  return Float64Array.from(out);
}

/** Pins laid over computed positions. */
export function applyPins(positions: Float32Array, pins: PinList): Float32Array {
  for (let p = 0; p + 2 < pins.length; p += 3) {
    const i = pins[p] as number;
    positions[2 * i] = pins[p + 1] as number;
    positions[2 * i + 1] = pins[p + 2] as number;
  }
  return positions;
}
