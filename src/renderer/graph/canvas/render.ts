import { BADGE_FONT_PX, BADGE_HEIGHT, LABEL_FONT_PX, LABEL_HEIGHT, type Measure, type Placement } from './labels.js';
import { colourOf, type Palette } from './palette.js';
import { pinMark } from './pin-mark.js';
import { NO_COLOUR, NODE_DIM, NODE_GROUP, NODE_HIDDEN_CHARS, NODE_SELECTED, RING_HIT, RING_NONE, type Scene } from './scene-types.js';
import { DIM_NODE_ALPHA } from './scene.js';
import type { Transform2D } from './transform.js';

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const labelFont = `${LABEL_FONT_PX}px ${FONT_FAMILY}`;
export const badgeFont = `600 ${BADGE_FONT_PX}px ${FONT_FAMILY}`;
/** Nodes never shrink below this on screen (CSS pixels), so a node is never lost at any zoom. */
export const MIN_NODE_PX = 1.3;

export interface Frame {
  width: number;
  height: number;
  dpr: number;
  t: Transform2D;
  palette: Palette;
  placement: Placement | null;
  /** Draw over what is there (a dragged node's layer over its backdrop) instead of clearing to the background. */
  over?: boolean;
}

/** Text widths measured once per string and font (labels repeat frame after frame). */
export function createMeasure(ctx: CanvasRenderingContext2D): Measure {
  const cache = new Map<string, number>();
  return (text, font) => {
    const key = `${font}\u0000${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      ctx.font = font === 'label' ? labelFont : badgeFont;
      w = ctx.measureText(text).width;
      if (cache.size > 20_000) cache.clear();
      cache.set(key, w);
    }
    return w;
  };
}

/** The world rectangle on screen, with a margin (CSS pixels) for discs and labels that straddle the border. */
function worldView(f: Frame, marginPx: number): [number, number, number, number] {
  const { t } = f;
  return [(-marginPx - t.x) / t.k, (-marginPx - t.y) / t.k, (f.width + marginPx - t.x) / t.k, (f.height + marginPx - t.y) / t.k];
}

/**
 * One full frame: edges one stroke per batch (≤ 1 device pixel for the
 * hairball, never scaled by zoom), nodes one fill per colour, groups as
 * rounded boxes with their member count, reputation rings, the selection,
 * then labels and badges at screen size. Things off screen are skipped.
 */
export function drawFrame(ctx: CanvasRenderingContext2D, scene: Scene, f: Frame): void {
  const { t, dpr, palette } = f;
  const pos = scene.positions;
  const s = dpr * t.k;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  if (!f.over) {
    ctx.fillStyle = palette.bg;
    ctx.fillRect(0, 0, f.width * dpr, f.height * dpr);
  }
  ctx.setTransform(s, 0, 0, s, dpr * t.x, dpr * t.y);
  ctx.lineCap = 'butt';
  const [vx0, vy0, vx1, vy1] = worldView(f, 20);
  const { source, target } = scene.view.edges;

  for (const batch of scene.edgeBatches) {
    ctx.beginPath();
    for (const e of batch.edges) {
      const a = source[e] as number;
      const b = target[e] as number;
      const ax = pos[2 * a] as number;
      const ay = pos[2 * a + 1] as number;
      const bx = pos[2 * b] as number;
      const by = pos[2 * b + 1] as number;
      if ((ax < vx0 && bx < vx0) || (ax > vx1 && bx > vx1) || (ay < vy0 && by < vy0) || (ay > vy1 && by > vy1)) continue;
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
    }
    ctx.lineWidth = batch.device ? batch.width / s : batch.width / t.k;
    ctx.strokeStyle = colourOf(palette, batch.colour);
    ctx.globalAlpha = batch.alpha;
    ctx.stroke();
  }

  const outline = t.k >= 0.6;
  const onScreen = (i: number, r: number) => {
    const x = pos[2 * i] as number;
    const y = pos[2 * i + 1] as number;
    return x + r >= vx0 && x - r <= vx1 && y + r >= vy0 && y - r <= vy1;
  };
  const drawnRadius = (i: number) => Math.max((scene.radius[i] as number) * t.k, MIN_NODE_PX) / t.k;
  for (const batch of scene.nodeBatches) {
    ctx.beginPath();
    for (const i of batch.nodes) {
      const r = drawnRadius(i);
      if (!onScreen(i, r)) continue;
      const x = pos[2 * i] as number;
      const y = pos[2 * i + 1] as number;
      // Tiny discs as squares: the same pixels, a fraction of the cost.
      if (r * t.k < 2) ctx.rect(x - r, y - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
    ctx.globalAlpha = batch.alpha;
    ctx.fillStyle = colourOf(palette, batch.colour);
    ctx.fill();
    if (outline) {
      ctx.lineWidth = 1.2 / t.k;
      ctx.strokeStyle = palette.panel;
      ctx.stroke();
    }
  }

  const counts: [number, number, string, number][] = [];
  for (const i of scene.groups) {
    const r = Math.max((scene.radius[i] as number) * t.k, 3) / t.k;
    if (!onScreen(i, r)) continue;
    const x = pos[2 * i] as number;
    const y = pos[2 * i + 1] as number;
    ctx.globalAlpha = scene.nodeFlags[i]! & NODE_DIM ? DIM_NODE_ALPHA : 1;
    ctx.beginPath();
    ctx.roundRect(x - r * 1.4, y - r, r * 2.8, r * 2, r * 0.45);
    ctx.fillStyle = palette.panel;
    ctx.fill();
    ctx.lineWidth = 2 / t.k;
    ctx.strokeStyle = colourOf(palette, scene.fill[i] as number);
    ctx.stroke();
    if (r * t.k >= 7) counts.push([x, y, memberCount(scene, i), ctx.globalAlpha]);
  }

  ctx.globalAlpha = 1;
  for (const i of scene.labelOrder) {
    const ring = scene.ring[i] as number;
    const finding = scene.findingRing[i] as number;
    const selected = (scene.nodeFlags[i]! & NODE_SELECTED) !== 0;
    if (ring === RING_NONE && !selected && finding === NO_COLOUR) continue;
    const r = drawnRadius(i) * (scene.nodeFlags[i]! & NODE_GROUP ? 1.5 : 1);
    if (!onScreen(i, r + 8 / t.k)) continue;
    const x = pos[2 * i] as number;
    const y = pos[2 * i + 1] as number;
    ctx.globalAlpha = scene.nodeFlags[i]! & NODE_DIM ? DIM_NODE_ALPHA : 1;
    if (finding !== NO_COLOUR && !(scene.nodeFlags[i]! & NODE_GROUP)) {
      const [at, width] = findingRingGeometry(r * t.k);
      ctx.beginPath();
      ctx.arc(x, y, at / t.k, 0, 2 * Math.PI);
      ctx.lineWidth = width / t.k;
      ctx.strokeStyle = colourOf(palette, finding);
      ctx.stroke();
    }
    if (ring !== RING_NONE) {
      ctx.beginPath();
      ctx.arc(x, y, r + 3 / t.k, 0, 2 * Math.PI);
      ctx.setLineDash(ring === RING_HIT ? [] : [3 / t.k, 2 / t.k]);
      ctx.lineWidth = 2 / t.k;
      ctx.strokeStyle = ring === RING_HIT ? palette.alert : palette.muted;
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (selected) {
      ctx.beginPath();
      ctx.arc(x, y, r + (ring !== RING_NONE ? 6.5 : 3) / t.k, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5 / t.k;
      ctx.strokeStyle = palette.accent;
      ctx.stroke();
    }
  }

  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalAlpha = 1;
  for (const i of scene.pinned) {
    const x = pos[2 * i] as number;
    const y = pos[2 * i + 1] as number;
    if (!onScreen(i, drawnRadius(i) + 12 / t.k)) continue;
    const m = pinMark(t.x + t.k * x, t.y + t.k * y, drawnRadius(i) * t.k);
    ctx.beginPath();
    ctx.moveTo(m.hx, m.hy);
    ctx.lineTo(m.nx, m.ny);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = palette.text;
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(m.hx, m.hy, m.hr, 0, 2 * Math.PI);
    ctx.fillStyle = palette.text;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = palette.bg;
    ctx.stroke();
  }
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.font = badgeFont;
  for (const [x, y, text, alpha] of counts) {
    ctx.globalAlpha = alpha;
    ctx.fillStyle = palette.text;
    ctx.fillText(text, t.x + t.k * x, t.y + t.k * y);
  }
  if (f.placement) drawPlacement(ctx, scene, f.placement, palette);
  ctx.globalAlpha = 1;
}

/**
 * A finding's ring for a node of this screen radius: radius and width in CSS
 * pixels. Inside the edge of a disc big enough to keep its fill visible; a
 * halo around a tiny one.
 */
export function findingRingGeometry(screenRadius: number): [number, number] {
  if (screenRadius < 4) return [screenRadius + 1, 2];
  const width = Math.min(3, screenRadius * 0.35);
  return [screenRadius - width / 2, width];
}

export function memberCount(scene: Scene, i: number): string {
  const members = scene.view.nodes[i]?.group?.members ?? 0;
  return members >= 10_000 ? `${Math.round(members / 1000)}k` : String(members);
}

function drawPlacement(ctx: CanvasRenderingContext2D, scene: Scene, placement: Placement, palette: Palette): void {
  ctx.textAlign = 'left';
  ctx.lineJoin = 'round';
  ctx.font = labelFont;
  ctx.lineWidth = 3;
  ctx.strokeStyle = palette.bg;
  for (const l of placement.labels) {
    const flags = scene.nodeFlags[l.node] as number;
    ctx.globalAlpha = flags & NODE_DIM ? 0.5 : 1;
    const y = l.y + LABEL_HEIGHT / 2;
    ctx.strokeText(l.text, l.x, y);
    ctx.fillStyle = flags & NODE_HIDDEN_CHARS ? palette.alert : palette.text;
    ctx.fillText(l.text, l.x, y);
  }
  ctx.font = badgeFont;
  for (const b of placement.badges) {
    ctx.globalAlpha = scene.nodeFlags[b.node]! & NODE_DIM ? 0.5 : 1;
    ctx.beginPath();
    ctx.roundRect(b.x, b.y, b.w, BADGE_HEIGHT, 3);
    ctx.fillStyle = palette.panel;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = colourOf(palette, b.parts[0]?.colour ?? 0);
    ctx.stroke();
    for (const p of b.parts) {
      ctx.fillStyle = colourOf(palette, p.colour);
      ctx.fillText(p.text, b.x + p.x, b.y + BADGE_HEIGHT / 2 + 0.5);
    }
  }
}

/**
 * During a gesture: the last full frame, moved and scaled to the current
 * transform (one drawImage, ~1 ms), until the full redraw after the gesture.
 */
export function drawTransformedCopy(ctx: CanvasRenderingContext2D, copy: CanvasImageSource, from: Transform2D, to: Transform2D, dpr: number, bg: string, width: number, height: number): void {
  const s = to.k / from.k;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, width * dpr, height * dpr);
  ctx.setTransform(s, 0, 0, s, dpr * (to.x - from.x * s), dpr * (to.y - from.y * s));
  ctx.drawImage(copy, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
