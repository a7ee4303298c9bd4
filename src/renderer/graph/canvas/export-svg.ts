import { escapeMarkup } from '../../../shared/html-escape.js';
import { BADGE_FONT_PX, BADGE_HEIGHT, LABEL_FONT_PX, LABEL_HEIGHT, type Placement } from './labels.js';
import { colourOf, type Palette } from './palette.js';
import { pinMark } from './pin-mark.js';
import { FONT_FAMILY, findingRingGeometry, MIN_NODE_PX, memberCount } from './render.js';
import { NO_COLOUR, NODE_DIM, NODE_GROUP, NODE_HIDDEN_CHARS, NODE_SELECTED, RING_HIT, RING_NONE, type Scene } from './scene-types.js';
import { DIM_NODE_ALPHA } from './scene.js';
import type { Transform2D } from './transform.js';

/** Text as XML character data or an attribute value (the one escaper, shared with the HTML report). */
export const escapeXml = escapeMarkup;

const n2 = (v: number) => (Math.round(v * 100) / 100).toString();

/**
 * The current view as a standalone SVG file: what is on screen at this
 * transform (visible nodes and edges within the viewport, the same labels
 * and badges), in the same colours, in screen coordinates. Labels went
 * through visible-text (hidden characters as markers) and are escaped here.
 */
export function exportSvg(scene: Scene | null, t: Transform2D, width: number, height: number, palette: Palette, placement: Placement): string {
  const head = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}">`,
    `<rect width="100%" height="100%" fill="${escapeXml(palette.bg)}"/>`,
  ];
  if (!scene) return `${[...head, '</svg>'].join('\n')}\n`;
  const pos = scene.positions;
  const sx = (i: number) => t.x + t.k * (pos[2 * i] as number);
  const sy = (i: number) => t.y + t.k * (pos[2 * i + 1] as number);
  const inView = (x: number, y: number, r: number) => x + r >= 0 && x - r <= width && y + r >= 0 && y - r <= height;
  const out = head;
  const { source, target } = scene.view.edges;
  for (const batch of scene.edgeBatches) {
    const d: string[] = [];
    for (const e of batch.edges) {
      const a = source[e] as number;
      const b = target[e] as number;
      const ax = sx(a);
      const ay = sy(a);
      const bx = sx(b);
      const by = sy(b);
      if ((ax < 0 && bx < 0) || (ax > width && bx > width) || (ay < 0 && by < 0) || (ay > height && by > height)) continue;
      d.push(`M${n2(ax)} ${n2(ay)}L${n2(bx)} ${n2(by)}`);
    }
    if (d.length) out.push(`<path d="${d.join('')}" fill="none" stroke="${escapeXml(colourOf(palette, batch.colour))}" stroke-width="${batch.width}" stroke-opacity="${batch.alpha}"/>`);
  }
  for (const batch of scene.nodeBatches) {
    const fill = escapeXml(colourOf(palette, batch.colour));
    const circles: string[] = [];
    for (const i of batch.nodes) {
      const r = Math.max((scene.radius[i] as number) * t.k, MIN_NODE_PX);
      if (inView(sx(i), sy(i), r)) circles.push(`<circle cx="${n2(sx(i))}" cy="${n2(sy(i))}" r="${n2(r)}"/>`);
    }
    if (circles.length) out.push(`<g fill="${fill}" fill-opacity="${batch.alpha}">${circles.join('')}</g>`);
  }
  for (const i of scene.groups) {
    const r = Math.max((scene.radius[i] as number) * t.k, 3);
    if (!inView(sx(i), sy(i), 1.4 * r)) continue;
    const alpha = scene.nodeFlags[i]! & NODE_DIM ? DIM_NODE_ALPHA : 1;
    out.push(
      `<g opacity="${alpha}"><rect x="${n2(sx(i) - 1.4 * r)}" y="${n2(sy(i) - r)}" width="${n2(2.8 * r)}" height="${n2(2 * r)}" rx="${n2(0.45 * r)}" fill="${escapeXml(palette.panel)}" stroke="${escapeXml(colourOf(palette, scene.fill[i] as number))}" stroke-width="2"/>` +
        (r >= 7 ? `<text x="${n2(sx(i))}" y="${n2(sy(i))}" text-anchor="middle" dominant-baseline="central" font-size="${BADGE_FONT_PX}" font-weight="600" fill="${escapeXml(palette.text)}">${memberCount(scene, i)}</text>` : '') +
        `</g>`,
    );
  }
  for (const i of scene.labelOrder) {
    const ring = scene.ring[i] as number;
    const finding = scene.findingRing[i] as number;
    const selected = (scene.nodeFlags[i]! & NODE_SELECTED) !== 0;
    if (ring === RING_NONE && !selected && finding === NO_COLOUR) continue;
    const r = Math.max((scene.radius[i] as number) * t.k, MIN_NODE_PX) * (scene.nodeFlags[i]! & NODE_GROUP ? 1.5 : 1);
    if (!inView(sx(i), sy(i), r + 8)) continue;
    const dim = scene.nodeFlags[i]! & NODE_DIM ? ` opacity="${DIM_NODE_ALPHA}"` : '';
    if (finding !== NO_COLOUR && !(scene.nodeFlags[i]! & NODE_GROUP)) {
      const [at, width] = findingRingGeometry(r);
      out.push(`<circle cx="${n2(sx(i))}" cy="${n2(sy(i))}" r="${n2(at)}" fill="none" stroke="${escapeXml(colourOf(palette, finding))}" stroke-width="${n2(width)}"${dim}/>`);
    }
    if (ring !== RING_NONE)
      out.push(`<circle cx="${n2(sx(i))}" cy="${n2(sy(i))}" r="${n2(r + 3)}" fill="none" stroke="${escapeXml(ring === RING_HIT ? palette.alert : palette.muted)}" stroke-width="2"${ring === RING_HIT ? '' : ' stroke-dasharray="3 2"'}${dim}/>`);
    if (selected) out.push(`<circle cx="${n2(sx(i))}" cy="${n2(sy(i))}" r="${n2(r + (ring !== RING_NONE ? 6.5 : 3))}" fill="none" stroke="${escapeXml(palette.accent)}" stroke-width="2.5"/>`);
  }
  for (const i of scene.pinned) {
    const r = Math.max((scene.radius[i] as number) * t.k, MIN_NODE_PX);
    if (!inView(sx(i), sy(i), r + 12)) continue;
    const m = pinMark(sx(i), sy(i), r);
    out.push(
      `<g stroke="${escapeXml(palette.text)}"><path d="M${n2(m.hx)} ${n2(m.hy)}L${n2(m.nx)} ${n2(m.ny)}" stroke-width="1.5"/><circle cx="${n2(m.hx)}" cy="${n2(m.hy)}" r="${m.hr}" fill="${escapeXml(palette.text)}" stroke="${escapeXml(palette.bg)}" stroke-width="1"/></g>`,
    );
  }
  for (const l of placement.labels) {
    const flags = scene.nodeFlags[l.node] as number;
    const fill = flags & NODE_HIDDEN_CHARS ? palette.alert : palette.text;
    out.push(
      `<text x="${n2(l.x)}" y="${n2(l.y + LABEL_HEIGHT / 2)}" dominant-baseline="central" font-size="${LABEL_FONT_PX}" fill="${escapeXml(fill)}" stroke="${escapeXml(palette.bg)}" stroke-width="3" paint-order="stroke" stroke-linejoin="round"${flags & NODE_DIM ? ' opacity="0.5"' : ''}>${escapeXml(l.text)}</text>`,
    );
  }
  for (const b of placement.badges) {
    const parts = b.parts.map((p) => `<text x="${n2(b.x + p.x)}" y="${n2(b.y + BADGE_HEIGHT / 2 + 0.5)}" dominant-baseline="central" fill="${escapeXml(colourOf(palette, p.colour))}">${escapeXml(p.text)}</text>`);
    out.push(
      `<g font-size="${BADGE_FONT_PX}" font-weight="600"${scene.nodeFlags[b.node]! & NODE_DIM ? ' opacity="0.5"' : ''}><rect x="${n2(b.x)}" y="${n2(b.y)}" width="${n2(b.w)}" height="${BADGE_HEIGHT}" rx="3" fill="${escapeXml(palette.panel)}" stroke="${escapeXml(colourOf(palette, b.parts[0]?.colour ?? 0))}"/>${parts.join('')}</g>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
