import type { Placement } from './labels.js';
import type { Scene } from './scene-types.js';

/**
 * A scene split for dragging one node: the backdrop (everything that stays,
 * drawn once when the drag starts) and the layer that moves (the node, its
 * edges, its neighbours' discs over those edges, its label and badge),
 * drawn over a copy of the backdrop on each move. Both share `positions`, a
 * copy of the scene's in which the node moves.
 */
export interface DragScene {
  node: number;
  /** The scene the drag began on (a drag called off goes back to it). */
  before: Scene;
  /** The scene as it is while dragged and after the drop (the whole scene over the moving positions). */
  whole: Scene;
  backdrop: Scene;
  layer: Scene;
  positions: Float32Array;
  backdropPlacement: Placement;
  /** The node's label and badge where they were placed, to be shifted with it. */
  layerPlacement: Placement;
}

export function splitForDrag(scene: Scene, node: number, placement: Placement): DragScene {
  const { source, target } = scene.view.edges;
  const positions = scene.positions.slice();
  const moving = new Set<number>([node]);
  const touches = (e: number) => source[e] === node || target[e] === node;
  for (const batch of scene.edgeBatches) {
    for (const e of batch.edges) {
      if (!touches(e)) continue;
      moving.add(source[e] as number);
      moving.add(target[e] as number);
    }
  }
  const inLayer = (i: number) => moving.has(i);
  const outside = (i: number) => !moving.has(i);
  const pinned = Uint32Array.from(new Set([...scene.pinned, node]));
  const whole: Scene = { ...scene, positions, pinned };
  const backdrop: Scene = {
    ...whole,
    edgeBatches: scene.edgeBatches.map((b) => ({ ...b, edges: b.edges.filter((e) => !touches(e)) })),
    nodeBatches: scene.nodeBatches.map((b) => ({ ...b, nodes: b.nodes.filter(outside) })),
    groups: scene.groups.filter(outside),
    labelOrder: scene.labelOrder.filter(outside),
    pinned: pinned.filter(outside),
  };
  const layer: Scene = {
    ...whole,
    edgeBatches: scene.edgeBatches.map((b) => ({ ...b, edges: b.edges.filter(touches) })).filter((b) => b.edges.length > 0),
    nodeBatches: scene.nodeBatches.map((b) => ({ ...b, nodes: b.nodes.filter(inLayer) })).filter((b) => b.nodes.length > 0),
    groups: scene.groups.filter(inLayer),
    labelOrder: scene.labelOrder.filter(inLayer),
    pinned: pinned.filter(inLayer),
  };
  const mine = (item: { node: number }) => item.node === node;
  return {
    node,
    before: scene,
    whole,
    backdrop,
    layer,
    positions,
    backdropPlacement: { labels: placement.labels.filter((l) => !mine(l)), badges: placement.badges.filter((b) => !mine(b)) },
    layerPlacement: { labels: placement.labels.filter(mine), badges: placement.badges.filter(mine) },
  };
}

/** The layer's label and badge moved by (dx, dy) screen pixels. */
export function shiftPlacement(placement: Placement, dx: number, dy: number): Placement {
  return {
    labels: placement.labels.map((l) => ({ ...l, x: l.x + dx, y: l.y + dy })),
    badges: placement.badges.map((b) => ({ ...b, x: b.x + dx, y: b.y + dy })),
  };
}
