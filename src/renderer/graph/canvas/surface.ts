import { select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3';
import { shiftPlacement, splitForDrag, type DragScene } from './drag-scene.js';
import { NodeDrag } from './drag.js';
import { exportSvg } from './export-svg.js';
import { HitIndex } from './hit-test.js';
import { placeLabels, type Placement } from './labels.js';
import { lightPalette, type Palette } from './palette.js';
import { createMeasure, drawFrame, drawTransformedCopy } from './render.js';
import { NODE_PINNED, type Scene, type Target } from './scene-types.js';
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
  /** Frames drawn while dragging a node, and the last one's time (ms). */
  dragFrames: number;
  lastDragMs: number;
}

/**
 * The canvas and its zoom: d3-zoom turns wheel and drag into a transform;
 * while a gesture runs each frame is one drawImage of the last full frame,
 * moved and scaled, and the full frame (edges, nodes, labels placed anew) is
 * drawn SETTLE_MS after the gesture stops. Programmatic moves (fit, keeping
 * the focus on screen) draw in full at once.
 *
 * A press on a node is not the view's: d3-zoom's filter leaves it to the
 * node drag (drag.ts). Past a few pixels the node follows the pointer: the
 * rest of the scene is drawn once as a backdrop, and each move draws the
 * backdrop's copy and the node's layer (its edges, neighbours and label,
 * drag-scene.ts) over it. The drop is one pin; a short press stays a click.
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
  private readonly drag = new NodeDrag();
  /** The scene split while a node is dragged, and its backdrop drawn once. */
  private dragScene: DragScene | null = null;
  private readonly backdrop: HTMLCanvasElement;
  /** The click that ends a drag is not a selection. */
  private swallowClick = false;
  /** The node kept on screen: where it is drawn is written on the canvas after each frame (e2e tests press there). */
  private focus: number | null = null;
  /** The user moved the view since the data came: a new layout no longer refits. */
  moved = false;
  /** A scene has been fitted once (a surface made anew, as React's StrictMode does, fits its first scene). */
  private fitted = false;
  readonly stats: SurfaceStats = { fullFrames: 0, lastFullMs: 0, labels: 0, badges: 0, dragFrames: 0, lastDragMs: 0 };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly events: SurfaceEvents,
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas context');
    this.ctx = ctx;
    this.measure = createMeasure(ctx);
    this.copy = canvas.ownerDocument.createElement('canvas');
    this.backdrop = canvas.ownerDocument.createElement('canvas');
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
        if (this.dragScene && (k !== this.t.k || x !== this.t.x || y !== this.t.y)) this.endPress();
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
    this.canvas.removeEventListener('pointerleave', this.onLeave);
    this.canvas.ownerDocument.removeEventListener('keydown', this.onKey, true);
  }

  setScene(scene: Scene, refit: boolean): void {
    // New data under a held node: its index may mean another node now.
    this.endPress();
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
      if (this.dragScene) this.drawDrag();
      else if (full || !this.copyT) this.drawFull();
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

  /** The backdrop (drawn when the drag starts, and again if the size changed), then the node's layer over its copy. */
  private drawDrag(): void {
    const d = this.dragScene;
    if (!d || this.width === 0 || this.height === 0) return;
    const started = performance.now();
    const frame = { width: this.width, height: this.height, dpr: this.dpr, t: this.t, palette: this.palette };
    if (this.backdrop.width !== this.canvas.width || this.backdrop.height !== this.canvas.height) {
      this.backdrop.width = this.canvas.width;
      this.backdrop.height = this.canvas.height;
      const ctx = this.backdrop.getContext('2d');
      if (ctx) drawFrame(ctx, d.backdrop, { ...frame, placement: d.backdropPlacement });
    }
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.globalAlpha = 1;
    this.ctx.drawImage(this.backdrop, 0, 0);
    const [x, y] = this.drag.at();
    drawFrame(this.ctx, d.layer, { ...frame, over: true, placement: shiftPlacement(d.layerPlacement, x - this.dragOrigin[0], y - this.dragOrigin[1]) });
    this.stats.dragFrames++;
    this.stats.lastDragMs = performance.now() - started;
    this.canvas.dataset.dragMs = this.stats.lastDragMs.toFixed(2);
    this.canvas.dataset.dragFrames = String(this.stats.dragFrames);
    this.markFocus();
  }

  /** Where the node was drawn when the drag began (its label and badge move as far as it has from there). */
  private dragOrigin: [number, number] = [0, 0];

  private beginDrag(): void {
    const scene = this.scene;
    const node = this.drag.target;
    if (!scene) return;
    this.dragOrigin = this.screenPosition(node) ?? [0, 0];
    // Labels as they are at this transform (a pan may have left the last ones behind).
    const placement = placeLabels(scene, this.t, this.width, this.height, this.measure);
    this.dragScene = splitForDrag(scene, node, placement);
    this.scene = this.dragScene.whole;
    // Drawn anew for this drag (its size is the canvas's from then on).
    this.backdrop.width = 0;
    this.canvas.style.cursor = 'grabbing';
    this.canvas.ownerDocument.addEventListener('keydown', this.onKey, true);
    if (this.hovered !== null) {
      this.hovered = null;
      this.events.hover(null);
    }
  }

  private moveDragged(): void {
    const d = this.dragScene;
    if (!d) return;
    const [wx, wy] = toWorld(this.t, ...this.drag.at());
    d.positions[2 * d.node] = wx;
    d.positions[2 * d.node + 1] = wy;
    this.request(false);
  }

  /** The drag ends: dropped (the scene keeps the node where it is, and says so with one pin) or called off (the node goes back). */
  private endDrag(drop: boolean): void {
    const d = this.dragScene;
    if (!d) return;
    this.dragScene = null;
    this.backdrop.width = 0;
    this.canvas.style.cursor = '';
    this.canvas.ownerDocument.removeEventListener('keydown', this.onKey, true);
    if (drop) {
      this.scene = d.whole;
      this.hit = new HitIndex(d.whole, this.hit);
      // The analyst arranged the view: a new layout does not refit it.
      this.moved = true;
      this.request(true);
      this.events.pin(d.node, d.positions[2 * d.node] as number, d.positions[2 * d.node + 1] as number);
    } else {
      this.scene = d.before;
      this.request(true);
    }
  }

  /** A press ends without a drop (new data, Esc, a lost pointer). */
  private endPress(): void {
    if (this.drag.pressed) this.drag.reset();
    this.endDrag(false);
  }

  private readonly onDown = (event: PointerEvent) => {
    this.swallowClick = false;
    if (!event.isPrimary || event.button !== 0 || event.ctrlKey) return;
    const target = this.targetAt(event.offsetX, event.offsetY);
    if (!target || !('node' in target)) return;
    const at = this.screenPosition(target.node);
    if (!at) return;
    this.drag.press(target.node, event.offsetX, event.offsetY, at[0], at[1]);
    this.canvas.setPointerCapture?.(event.pointerId);
  };

  private readonly onUp = (event: PointerEvent) => {
    if (!this.drag.pressed) return;
    if (this.canvas.hasPointerCapture?.(event.pointerId)) this.canvas.releasePointerCapture(event.pointerId);
    const end = this.drag.release();
    if (!end?.dragged) return;
    this.swallowClick = true;
    this.endDrag(true);
  };

  private readonly onCancel = () => this.endPress();

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !this.dragScene) return;
    // Esc calls the drag off, and only that (not also the app's "clear the selection").
    event.stopPropagation();
    event.preventDefault();
    this.endPress();
  };

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
    if (this.drag.pressed) {
      const step = this.drag.move(event.offsetX, event.offsetY);
      if (step === 'start') this.beginDrag();
      if (step !== 'none') this.moveDragged();
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
