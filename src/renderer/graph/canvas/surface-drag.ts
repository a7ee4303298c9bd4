import { shiftPlacement, splitForDrag, type DragScene } from './drag-scene.js';
import { NodeDrag } from './drag.js';
import type { Placement } from './labels.js';
import { drawFrame, type Frame } from './render.js';
import type { Scene } from './scene-types.js';
import { toWorld, type Transform2D } from './transform.js';

/** What the drag needs of the surface it runs on. */
export interface DragHost {
  readonly canvas: HTMLCanvasElement;
  scene(): Scene | null;
  transform(): Transform2D;
  /** The frame as the surface would draw it now, without its placement. */
  frame(): Omit<Frame, 'placement'>;
  /** Labels and badges placed anew at the current transform. */
  placement(scene: Scene): Placement;
  screenPosition(node: number): [number, number] | null;
  /** Shows this scene (the moving one while dragged; the one before when called off). */
  show(scene: Scene): void;
  /** The node was dropped at (x, y) of the layout in this scene. */
  dropped(scene: Scene, node: number, x: number, y: number): void;
}

/**
 * A node dragged on the surface: a press held (drag.ts says when it becomes
 * a drag), then the scene split (drag-scene.ts); the backdrop is drawn once
 * into its own canvas and each frame is its copy with the moving layer over
 * it. Esc or a pointer taken away calls the drag off; the release drops.
 */
export class SurfaceDrag {
  private readonly drag = new NodeDrag();
  private split: DragScene | null = null;
  private readonly backdrop: HTMLCanvasElement;
  /** Where the node was drawn when the drag began (its label and badge move as far as it has from there). */
  private origin: [number, number] = [0, 0];
  frames = 0;
  lastMs = 0;

  constructor(private readonly host: DragHost) {
    this.backdrop = host.canvas.ownerDocument.createElement('canvas');
  }

  /** A press on a node is held (the view's pan leaves it alone). */
  get pressed(): boolean {
    return this.drag.pressed;
  }

  /** A node follows the pointer: frames are this drag's. */
  get dragging(): boolean {
    return this.split !== null;
  }

  press(node: number, x: number, y: number): void {
    const at = this.host.screenPosition(node);
    if (at) this.drag.press(node, x, y, at[0], at[1]);
  }

  /** A pointer move; false when no press is held (the move is a hover). */
  move(x: number, y: number): boolean {
    const step = this.drag.move(x, y);
    if (step === 'start') this.begin();
    if (step !== 'none' && this.split) {
      const [wx, wy] = toWorld(this.host.transform(), ...this.drag.at());
      this.split.positions[2 * this.split.node] = wx;
      this.split.positions[2 * this.split.node + 1] = wy;
    }
    return this.drag.pressed;
  }

  /** The pointer went up: true when it dropped a node (the click that follows is not a selection). */
  release(): boolean {
    const end = this.drag.release();
    if (!end?.dragged) return false;
    const split = this.end();
    if (split) this.host.dropped(split.whole, split.node, split.positions[2 * split.node] as number, split.positions[2 * split.node + 1] as number);
    return split !== null;
  }

  /** The press ends without a drop: the node goes back. */
  cancel(): void {
    if (!this.drag.pressed && !this.split) return;
    this.drag.reset();
    const split = this.end();
    if (split) this.host.show(split.before);
  }

  /** The backdrop's copy (drawn first when the drag began or the canvas was resized), then the moving layer over it. */
  draw(ctx: CanvasRenderingContext2D): void {
    const split = this.split;
    if (!split) return;
    const started = performance.now();
    const frame = this.host.frame();
    if (this.backdrop.width !== this.host.canvas.width || this.backdrop.height !== this.host.canvas.height) {
      this.backdrop.width = this.host.canvas.width;
      this.backdrop.height = this.host.canvas.height;
      const bctx = this.backdrop.getContext('2d');
      if (bctx) drawFrame(bctx, split.backdrop, { ...frame, placement: split.backdropPlacement });
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.drawImage(this.backdrop, 0, 0);
    const [x, y] = this.drag.at();
    drawFrame(ctx, split.layer, { ...frame, over: true, placement: shiftPlacement(split.layerPlacement, x - this.origin[0], y - this.origin[1]) });
    this.frames++;
    this.lastMs = performance.now() - started;
    this.host.canvas.dataset.dragMs = this.lastMs.toFixed(2);
    this.host.canvas.dataset.dragFrames = String(this.frames);
  }

  private begin(): void {
    const scene = this.host.scene();
    if (!scene) return;
    const node = this.drag.target;
    this.origin = this.host.screenPosition(node) ?? [0, 0];
    // Labels as they are at this transform (a pan may have left the last ones behind).
    this.split = splitForDrag(scene, node, this.host.placement(scene));
    // Drawn anew for this drag.
    this.backdrop.width = 0;
    this.host.canvas.style.cursor = 'grabbing';
    this.host.canvas.ownerDocument.addEventListener('keydown', this.onKey, true);
    this.host.show(this.split.whole);
  }

  private end(): DragScene | null {
    const split = this.split;
    this.split = null;
    this.backdrop.width = 0;
    this.host.canvas.style.cursor = '';
    this.host.canvas.ownerDocument.removeEventListener('keydown', this.onKey, true);
    return split;
  }

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !this.split) return;
    // Esc calls the drag off, and only that (not also the app's "clear the selection").
    event.stopPropagation();
    event.preventDefault();
    this.cancel();
  };

  destroy(): void {
    this.host.canvas.ownerDocument.removeEventListener('keydown', this.onKey, true);
  }
}
