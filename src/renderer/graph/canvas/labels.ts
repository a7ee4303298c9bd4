import { pinMarkBox } from './pin-mark.js';
import { NODE_GROUP, NODE_VISIBLE, type BadgePart, type Scene } from './scene-types.js';
import type { Transform2D } from './transform.js';

export const LABEL_FONT_PX = 11;
export const BADGE_FONT_PX = 10;
export const LABEL_HEIGHT = 14;
export const BADGE_HEIGHT = 13;
const BADGE_PAD = 3;
/** Ordinary nodes (no selection, finding or IoC hit) get labels from this zoom on, or always in a small graph. */
export const LABEL_ZOOM = 0.55;
export const SMALL_GRAPH = 300;
/** On-screen labels at most, and measurements tried at most, per frame. */
const MAX_LABELS = 600;
const MAX_TRIES = 5000;

export interface PlacedLabel {
  node: number;
  x: number;
  y: number;
  w: number;
  text: string;
}
export interface PlacedBadge {
  node: number;
  x: number;
  y: number;
  w: number;
  parts: { text: string; colour: number; x: number }[];
}
export interface Placement {
  labels: PlacedLabel[];
  badges: PlacedBadge[];
}

export type Measure = (text: string, font: 'label' | 'badge') => number;

/** Boxes taken so far, bucketed in cells, so a new box is checked against its neighbours only. */
export class OccupancyGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly boxes: number[] = [];
  constructor(private readonly cell = 64) {}

  private each(x: number, y: number, w: number, h: number, f: (key: number) => boolean | void): boolean {
    const c0 = Math.floor(x / this.cell);
    const c1 = Math.floor((x + w) / this.cell);
    const r0 = Math.floor(y / this.cell);
    const r1 = Math.floor((y + h) / this.cell);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (f((r + 4096) * 8192 + (c + 4096)) === false) return false;
    return true;
  }

  free(x: number, y: number, w: number, h: number): boolean {
    return this.each(x, y, w, h, (key) => {
      for (const b of this.cells.get(key) ?? []) {
        const bx = this.boxes[4 * b] as number;
        const by = this.boxes[4 * b + 1] as number;
        if (x < bx + (this.boxes[4 * b + 2] as number) && bx < x + w && y < by + (this.boxes[4 * b + 3] as number) && by < y + h) return false;
      }
    });
  }

  add(x: number, y: number, w: number, h: number): void {
    const index = this.boxes.length / 4;
    this.boxes.push(x, y, w, h);
    this.each(x, y, w, h, (key) => {
      const list = this.cells.get(key);
      if (list) list.push(index);
      else this.cells.set(key, [index]);
    });
  }

  /** Takes the box when it is free. */
  take(x: number, y: number, w: number, h: number): boolean {
    if (!this.free(x, y, w, h)) return false;
    this.add(x, y, w, h);
    return true;
  }
}

/**
 * Which labels and badges to draw at this transform, in screen pixels. The
 * most deserving node first (scene.labelOrder); each label and badge takes
 * its box in a grid of occupied boxes, or is left out: nothing overlaps,
 * badges never cover labels. A badge goes above the node, its label beside
 * it (right, else left).
 */
export function placeLabels(scene: Scene, t: Transform2D, width: number, height: number, measure: Measure): Placement {
  const grid = new OccupancyGrid();
  const labels: PlacedLabel[] = [];
  const badges: PlacedBadge[] = [];
  const ordinary = scene.visibleCount <= SMALL_GRAPH || t.k >= LABEL_ZOOM;
  const reserveAll = scene.visibleCount <= SMALL_GRAPH;
  let tries = 0;

  const place = (i: number) => {
    if (!(scene.nodeFlags[i]! & NODE_VISIBLE)) return;
    const tier = scene.tier[i] as number;
    const parts = scene.badges.get(i);
    const wantLabel = tier >= 2 || ordinary;
    if (!wantLabel && !parts) return;
    const [x0, y0, w0, h0] = nodeBox(scene, i, t);
    const sx = x0 + w0 / 2;
    const sy = y0 + h0 / 2;
    const half = w0 / 2;
    const r = h0 / 2;
    if (sx < -300 || sx > width + 30 || sy < -30 || sy > height + 30) return;
    tries++;
    // The node's own disc is taken before its label and badge: no later label may cover it.
    if (!reserveAll && !(scene.nodeFlags[i]! & NODE_GROUP)) grid.add(x0, y0, w0, h0);
    if (parts) {
      const badge = layoutBadge(i, parts, measure);
      // Above the node and above where its label goes.
      const by = Math.min(sy - r, sy - LABEL_HEIGHT / 2) - BADGE_HEIGHT;
      for (const x of sides(sx + half * 0.7, sx - half * 0.7 - badge.w, badge.w, width)) {
        if (grid.take(x, by, badge.w, BADGE_HEIGHT)) {
          badges.push({ ...badge, x, y: by });
          break;
        }
      }
    }
    const text = wantLabel ? (scene.labels[i] ?? '') : '';
    if (!text) return;
    const w = measure(text, 'label');
    const ly = sy - LABEL_HEIGHT / 2;
    for (const x of sides(sx + half + 4, sx - half - 4 - w, w, width)) {
      if (grid.take(x, ly, w, LABEL_HEIGHT)) {
        labels.push({ node: i, x, y: ly, w, text });
        break;
      }
    }
  };

  // The selection and its neighbours first, over anything; then group boxes
  // (few, and big) and pin marks are taken, and in a small graph every
  // node's disc; then the rest in order.
  const order = scene.labelOrder;
  let next = 0;
  for (; next < order.length && (scene.tier[order[next] as number] as number) >= 3; next++) place(order[next] as number);
  for (const i of reserveAll ? order : scene.groups) {
    const box = nodeBox(scene, i, t);
    if (box[0] + box[2] >= 0 && box[0] <= width && box[1] + box[3] >= 0 && box[1] <= height) grid.add(...box);
  }
  // Pin marks (few) are kept clear as group boxes are.
  for (const i of scene.pinned) {
    const [x, y, w, h] = nodeBox(scene, i, t);
    const [px, py, pw, ph] = pinMarkBox(h / 2);
    if (x + w >= 0 && x <= width && y + h >= 0 && y + ph <= height + h) grid.add(x + w / 2 + px, y + h / 2 + py, pw, ph);
  }
  for (; next < order.length && tries < MAX_TRIES && labels.length < MAX_LABELS; next++) place(order[next] as number);
  return { labels, badges };
}

/** Right of the node, else left; left first when the right side would leave the surface. */
function sides(right: number, left: number, w: number, width: number): [number, number] {
  return right + w > width && left >= 0 ? [left, right] : [right, left];
}

/** A node's disc (a group's box) on screen: x, y, w, h. */
function nodeBox(scene: Scene, i: number, t: Transform2D): [number, number, number, number] {
  const r = Math.max((scene.radius[i] as number) * t.k, 1.5);
  const half = scene.nodeFlags[i]! & NODE_GROUP ? 1.4 * r : r;
  const sx = t.x + t.k * (scene.positions[2 * i] as number);
  const sy = t.y + t.k * (scene.positions[2 * i + 1] as number);
  return [sx - half, sy - r, 2 * half, 2 * r];
}

function layoutBadge(node: number, parts: readonly BadgePart[], measure: Measure): PlacedBadge {
  let x = BADGE_PAD;
  const placed = parts.map((p) => {
    const at = x;
    x += measure(p.text, 'badge') + BADGE_PAD * 2;
    return { text: p.text, colour: p.colour, x: at };
  });
  return { node, x: 0, y: 0, w: x - BADGE_PAD, parts: placed };
}
