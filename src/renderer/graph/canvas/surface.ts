import { select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3';
import { exportSvg } from './export-svg.js';
import { HitIndex } from './hit-test.js';
import { placeLabels, type Placement } from './labels.js';
import { lightPalette, type Palette } from './palette.js';
import { createMeasure, drawFrame, drawTransformedCopy } from './render.js';
import { NODE_PINNED, type Scene, type Target } from './scene-types.js';
import { SurfaceDrag } from './surface-drag.js';
import { fitTransform, keepOnScreen, toWorld, type Transform2D } from './transform.js';

/** The full frame is drawn this long after the last wheel or drag event; until then, a moved copy of the last one. */
export const SETTLE_MS = 150;
const MAX_ZOOM = 12;

export interface SurfaceEvents {
  click(target: Target | null, additive: boolean): void;
  hover(target: Target | null): void;
  /** A node dragged and dropped at this world position. */
  pin(node: number, x: number, y: number): void;
  /** A double click on a pinned node. */
  unpin(node: number): void;
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
 *
 * A press on a node is not the view's: d3-zoom's filter leaves it to the
 * node drag (surface-drag.ts). Past a few pixels the node follows the
 * pointer: the rest of the scene is drawn once as a backdrop, and each move
 * draws the backdrop's copy and the node's layer over it. The drop is one
 * pin; a short press stays a click.
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
  private readonly drag: SurfaceDrag;
  /** The click that ends a drag is not a selection. */
  private swallowClick = false;
  /** The node kept on screen: where it is drawn is written on the canvas after each frame (e2e tests press there). */
  private focus: number | null = null;
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
    this.drag = new SurfaceDrag({
      canvas,
      scene: () => this.scene,
      transform: () => this.t,
      frame: () => ({ width: this.width, height: this.height, dpr: this.dpr, t: this.t, palette: this.palette }),
      placement: (scene) => placeLabels(scene, this.t, this.width, this.height, this.measure),
      screenPosition: (node) => this.screenPosition(node),
      show: (scene) => {
        this.scene = scene;
        this.request(true);
      },
      dropped: (scene, node, x, y) => {
        this.scene = scene;
        this.hit = new HitIndex(scene, this.hit);
        // The analyst arranged the view: a new layout does not refit it.
        this.moved = true;
        this.request(true);
        this.events.pin(node, x, y);
      },
    });
    this.behaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.01, MAX_ZOOM])
      // d3's own filter (no ctrl-click, no other buttons), and nothing of a press held on a node: that is a drag of the node.
      .filter((event: MouseEvent | WheelEvent | TouchEvent) => {
        if ((event.ctrlKey && event.type !== 'wheel') || ('button' in event && event.button)) return false;
        return !this.drag.pressed;
      })
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        const { k, x, y } = event.transform;
        // The view moved under a dragged node (fit, a jump to the focus): the drag is called off.
        if (this.drag.dragging && (k !== this.t.k || x !== this.t.x || y !== this.t.y)) this.drag.cancel();
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
    canvas.addEventListener('dblclick', this.onDoubleClick);
    canvas.addEventListener('pointerdown', this.onDown);
    canvas.addEventListener('pointermove', this.onMove);
    canvas.addEventListener('pointerup', this.onUp);
    canvas.addEventListener('pointercancel', this.onCancel);
    canvas.addEventListener('lostpointercapture', this.onCancel);
    canvas.addEventListener('pointerleave', this.onLeave);
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.settle);
    select(this.canvas).on('.zoom', null);
    this.canvas.removeEventListener('click', this.onClick);
    this.canvas.removeEventListener('dblclick', this.onDoubleClick);
    this.canvas.removeEventListener('pointerdown', this.onDown);
    this.canvas.removeEventListener('pointermove', this.onMove);
    this.canvas.removeEventListener('pointerup', this.onUp);
    this.canvas.removeEventListener('pointercancel', this.onCancel);
    this.canvas.removeEventListener('lostpointercapture', this.onCancel);
    this.canvas.removeEventListener('pointerleave', this.onLeave);
    this.drag.destroy();
  }

  setScene(scene: Scene, refit: boolean): void {
    // New data under a held node: its index may mean another node now.
    this.drag.cancel();
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
    else {
      this.request(true);
      // A narrower canvas (the details panel opening beside it) must not leave the selection behind its edge.
      if (this.focus !== null) this.reveal(this.focus);
    }
  }

  fit(): void {
    if (!this.scene || this.width === 0) return this.request(true);
    const t = fitTransform(this.scene.bounds, this.width, this.height);
    this.fitted = true;
    this.behaviour.scaleExtent([Math.min(0.01, t.k / 4), Math.max(MAX_ZOOM, t.k)]);
    this.apply(t);
  }

  /** The node kept on screen, or null. */
  setFocus(node: number | null): void {
    this.focus = node;
    this.markFocus();
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
      if (this.drag.dragging) {
        this.drag.draw(this.ctx);
        this.markFocus();
      } else if (full || !this.copyT) this.drawFull();
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
    this.markFocus();
  }

  /**
   * data-focus-at: the focus's centre on the canvas (CSS pixels);
   * data-focus-world: in the layout's coordinates; data-transform: "k,x,y".
   */
  private markFocus(): void {
    this.canvas.dataset.transform = `${this.t.k},${this.t.x},${this.t.y}`;
    const at = this.focus === null ? null : this.screenPosition(this.focus);
    const pos = this.scene?.positions;
    if (!at || !pos || this.focus === null) {
      delete this.canvas.dataset.focusAt;
      delete this.canvas.dataset.focusWorld;
      return;
    }
    this.canvas.dataset.focusAt = `${at[0].toFixed(1)},${at[1].toFixed(1)}`;
    this.canvas.dataset.focusWorld = `${(pos[2 * this.focus] as number).toFixed(1)},${(pos[2 * this.focus + 1] as number).toFixed(1)}`;
  }

  private readonly onDown = (event: PointerEvent) => {
    this.swallowClick = false;
    if (!event.isPrimary || event.button !== 0 || event.ctrlKey) return;
    const target = this.targetAt(event.offsetX, event.offsetY);
    if (!target || !('node' in target)) return;
    this.drag.press(target.node, event.offsetX, event.offsetY);
    this.canvas.setPointerCapture?.(event.pointerId);
  };

  private readonly onUp = () => {
    if (this.drag.release()) this.swallowClick = true;
  };

  /** The pointer was taken away (the window lost focus, a touch became a scroll): the press ends without a drop. */
  private readonly onCancel = () => this.drag.cancel();

  private readonly onClick = (event: MouseEvent) => {
    if (this.swallowClick) {
      this.swallowClick = false;
      return;
    }
    const target = this.targetAt(event.offsetX, event.offsetY);
    this.events.click(target, event.shiftKey || event.metaKey || event.ctrlKey);
  };

  private readonly onDoubleClick = (event: MouseEvent) => {
    const target = this.targetAt(event.offsetX, event.offsetY);
    if (target && 'node' in target && (this.scene?.nodeFlags[target.node] ?? 0) & NODE_PINNED) this.events.unpin(target.node);
  };

  private readonly onMove = (event: PointerEvent) => {
    // A mouse whose button is up while a press is held: its release went elsewhere.
    if (this.drag.pressed && event.pointerType === 'mouse' && event.buttons === 0) this.drag.cancel();
    if (this.drag.move(event.offsetX, event.offsetY)) {
      if (this.drag.dragging) this.request(false);
      if (this.hovered !== null) {
        this.hovered = null;
        this.events.hover(null);
      }
      return;
    }
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
