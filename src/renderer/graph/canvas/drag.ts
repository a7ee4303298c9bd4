/** How far (CSS pixels) a press on a node moves before it is a drag: less is a click, which selects. */
export const DRAG_THRESHOLD_PX = 4;

/** What a pointer move did to the gesture. */
export type DragStep = 'none' | 'start' | 'move';

/** How a press ended: a click (it never moved past the threshold) or a drop. */
export interface DragEnd {
  node: number;
  dragged: boolean;
}

/**
 * The press-and-drag of a node, in screen coordinates, without a DOM: a
 * press on a node, moves below the threshold (still a click), then a drag in
 * which the node follows the pointer, keeping where it was grabbed (no jump
 * of its centre to the pointer), and the release. The surface turns its
 * answers into frames and one pin per drop.
 */
export class NodeDrag {
  private node = -1;
  private dragging = false;
  private x0 = 0;
  private y0 = 0;
  /** The node's centre minus the pointer, at the press. */
  private dx = 0;
  private dy = 0;
  private x = 0;
  private y = 0;

  constructor(private readonly threshold = DRAG_THRESHOLD_PX) {}

  /** A press (pointer down) on a node, whose centre is drawn at (nodeX, nodeY). */
  press(node: number, x: number, y: number, nodeX: number, nodeY: number): void {
    this.node = node;
    this.dragging = false;
    this.x0 = this.x = x;
    this.y0 = this.y = y;
    this.dx = nodeX - x;
    this.dy = nodeY - y;
  }

  /** A press is held (a click or a drag may follow). */
  get pressed(): boolean {
    return this.node >= 0;
  }

  /** The node follows the pointer. */
  get active(): boolean {
    return this.dragging;
  }

  get target(): number {
    return this.node;
  }

  move(x: number, y: number): DragStep {
    if (this.node < 0) return 'none';
    this.x = x;
    this.y = y;
    if (this.dragging) return 'move';
    if (Math.hypot(x - this.x0, y - this.y0) < this.threshold) return 'none';
    this.dragging = true;
    return 'start';
  }

  /** Where the node's centre is to be drawn now (screen). */
  at(): [number, number] {
    return [this.x + this.dx, this.y + this.dy];
  }

  /** The pointer went up: a click, or a drop at `at()` (read it before). Null without a press. */
  release(): DragEnd | null {
    if (this.node < 0) return null;
    const end = { node: this.node, dragged: this.dragging };
    this.reset();
    return end;
  }

  /** Esc, a lost pointer, new data: the press ends as if it never happened. */
  reset(): void {
    this.node = -1;
    this.dragging = false;
  }
}
