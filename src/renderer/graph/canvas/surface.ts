import { select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3';
import { exportSvg } from './export-svg.js';
import { HitIndex } from './hit-test.js';
import { placeLabels, type Placement } from './labels.js';
import { lightPalette, type Palette } from './palette.js';
import { createMeasure, drawFrame, drawTransformedCopy } from './render.js';
import type { Scene, Target } from './scene-types.js';
import { fitTransform, keepOnScreen, toWorld, type Transform2D } from './transform.js';

/** The full frame is drawn this long after the last wheel or drag event; until then, a moved copy of the last one. */
export const SETTLE_MS = 150;
const MAX_ZOOM = 12;

export interface SurfaceEvents {
  click(target: Target | null, additive: boolean): void;
  hover(target: Target | null): void;
}

/** How long the last full frame took (ms) and what it drew: the benchmark and the e2e tests read them. */
export interface SurfaceStats {
  fullFrames: number;
  lastFullMs: number;
  labels: number;
  badges: number;
}

/**
 * The canvas and its zoom: d3-zoom turns wheel and drag into a transform;
 * while a gesture runs each frame is one drawImage of the last full frame,
 * moved and scaled, and the full frame (edges, nodes, labels placed anew) is
 * drawn SETTLE_MS after the gesture stops. Programmatic moves (fit, keeping
 * the focus on screen) draw in full at once.
 */
export class GraphSurface {
  private scene: Scene | null = null;
  private hit: HitIndex | null = null;
  private t: Transform2D = { k: 1, x: 0, y: 0 };
  private width = 0;
  private height = 0;
  private dpr = 1;
  private palette: Palette = lightPalette;
  private placement: Placement = { labels: [], badges: [] };
  private readonly ctx: CanvasRenderingContext2D;
  private readonly copy: HTMLCanvasElement;
  private copyT: Transform2D | null = null;
  private readonly behaviour: ZoomBehavior<HTMLCanvasElement, unknown>;
  private frame = 0;
  private full = false;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private hovered: Target | null = null;
  private readonly measure;
  /** The user moved the view since the data came: a new layout no longer refits. */
  moved = false;
  /** A scene has been fitted once (a surface made anew, as React's StrictMode does, fits its first scene). */
  private fitted = false;
  readonly stats: SurfaceStats = { fullFrames: 0, lastFullMs: 0, labels: 0, badges: 0 };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly events: SurfaceEvents,
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas context');
    this.ctx = ctx;
    this.measure = createMeasure(ctx);
    this.copy = canvas.ownerDocument.createElement('canvas');
    this.behaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.01, MAX_ZOOM])
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        const { k, x, y } = event.transform;
        this.t = { k, x, y };
        if (event.sourceEvent) {
          this.moved = true;
          this.request(false);
          clearTimeout(this.settle);
          this.settle = setTimeout(() => this.request(true), SETTLE_MS);
        } else this.request(true);
      });
    select(canvas).call(this.behaviour).on('dblclick.zoom', null);
    canvas.addEventListener('click', this.onClick);
    canvas.addEventListener('pointermove', this.onMove);
    canvas.addEventListener('pointerleave', this.onLeave);
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.settle);
    select(this.canvas).on('.zoom', null);
    this.canvas.removeEventListener('click', this.onClick);
    this.canvas.removeEventListener('pointermove', this.onMove);
    this.canvas.removeEventListener('pointerleave', this.onLeave);
  }

  setScene(scene: Scene, refit: boolean): void {
    this.scene = scene;
    this.hit = new HitIndex(scene, this.hit);
    if ((refit || !this.fitted) && !this.moved) this.fit();
    else this.request(true);
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.request(true);
  }

  resize(width: number, height: number, dpr: number): void {
    if (width === this.width && height === this.height && dpr === this.dpr) return;
    const first = this.width === 0 || this.height === 0;
    this.width = width;
    this.height = height;
    this.dpr = dpr;
    this.canvas.width = Math.max(1, Math.round(width * dpr));
    this.canvas.height = Math.max(1, Math.round(height * dpr));
    this.copyT = null;
    if (first || !this.moved) this.fit();
    else this.request(true);
  }

  fit(): void {
    if (!this.scene || this.width === 0) return this.request(true);
    const t = fitTransform(this.scene.bounds, this.width, this.height);
    this.fitted = true;
    this.behaviour.scaleExtent([Math.min(0.01, t.k / 4), Math.max(MAX_ZOOM, t.k)]);
    this.apply(t);
  }

  /** Brings the node back on screen when it is off it (the zoom stays). */
  reveal(node: number): void {
    const pos = this.scene?.positions;
    if (!pos || node < 0 || 2 * node + 1 >= pos.length) return;
    const t = keepOnScreen(this.t, pos[2 * node] as number, pos[2 * node + 1] as number, this.width, this.height);
    if (t) this.apply(t);
  }

  screenPosition(node: number): [number, number] | null {
    const pos = this.scene?.positions;
    if (!pos || node < 0 || 2 * node + 1 >= pos.length) return null;
    return [this.t.x + this.t.k * (pos[2 * node] as number), this.t.y + this.t.k * (pos[2 * node + 1] as number)];
  }

  targetAt(sx: number, sy: number): Target | null {
    if (!this.hit) return null;
    const [wx, wy] = toWorld(this.t, sx, sy);
    const node = this.hit.nodeAt(wx, wy, this.t.k);
    if (node !== null) return { node };
    const edge = this.hit.edgeAt(wx, wy, this.t.k);
    return edge === null ? null : { edge };
  }

  exportSvg(): string {
    if (!this.scene) return exportSvg(null, this.t, this.width, this.height, this.palette, this.placement);
    return exportSvg(this.scene, this.t, this.width, this.height, this.palette, placeLabels(this.scene, this.t, this.width, this.height, this.measure));
  }

  /** The view at twice its size, as a PNG. */
  exportPng(): Promise<Blob> {
    const out = this.canvas.ownerDocument.createElement('canvas');
    out.width = Math.max(1, Math.round(this.width * 2));
    out.height = Math.max(1, Math.round(this.height * 2));
    const ctx = out.getContext('2d');
    if (!ctx) return Promise.reject(new Error('this browser gives no 2D canvas context'));
    if (this.scene) {
      const placement = placeLabels(this.scene, this.t, this.width, this.height, this.measure);
      drawFrame(ctx, this.scene, { width: this.width, height: this.height, dpr: 2, t: this.t, palette: this.palette, placement });
    }
    return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
  }

  private apply(t: Transform2D): void {
    select(this.canvas).call(this.behaviour.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
  }

  private request(full: boolean): void {
    this.full ||= full;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const full = this.full;
      this.full = false;
      if (full || !this.copyT) this.drawFull();
      else drawTransformedCopy(this.ctx, this.copy, this.copyT, this.t, this.dpr, this.palette.bg, this.width, this.height);
    });
  }

  private drawFull(): void {
    if (this.width === 0 || this.height === 0) return;
    const started = performance.now();
    const scene = this.scene;
    if (!scene) {
      this.ctx.setTransform(1, 0, 0, 1, 0, 0);
      this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
      return;
    }
    this.placement = placeLabels(scene, this.t, this.width, this.height, this.measure);
    drawFrame(this.ctx, scene, { width: this.width, height: this.height, dpr: this.dpr, t: this.t, palette: this.palette, placement: this.placement });
    this.copy.width = this.canvas.width;
    this.copy.height = this.canvas.height;
    this.copy.getContext('2d')?.drawImage(this.canvas, 0, 0);
    this.copyT = { ...this.t };
    this.stats.fullFrames++;
    this.stats.lastFullMs = performance.now() - started;
    this.stats.labels = this.placement.labels.length;
    this.stats.badges = this.placement.badges.length;
    this.canvas.dataset.labels = String(this.stats.labels);
    this.canvas.dataset.frames = String(this.stats.fullFrames);
    this.canvas.dataset.fullMs = this.stats.lastFullMs.toFixed(1);
  }

  private readonly onClick = (event: MouseEvent) => {
    const target = this.targetAt(event.offsetX, event.offsetY);
    this.events.click(target, event.shiftKey || event.metaKey || event.ctrlKey);
  };

  private readonly onMove = (event: PointerEvent) => {
    if (event.buttons) return;
    const target = this.targetAt(event.offsetX, event.offsetY);
    this.canvas.style.cursor = target ? 'pointer' : '';
    if (sameTarget(target, this.hovered)) return;
    this.hovered = target;
    this.events.hover(target);
  };

  private readonly onLeave = () => {
    if (this.hovered === null) return;
    this.hovered = null;
    this.events.hover(null);
  };
}

function sameTarget(a: Target | null, b: Target | null): boolean {
  if (a === null || b === null) return a === b;
  return 'node' in a ? 'node' in b && a.node === b.node : 'edge' in b && a.edge === b.edge;
}
