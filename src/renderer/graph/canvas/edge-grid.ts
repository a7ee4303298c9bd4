/** Most cells along one side: a grid over a far-flung layout stays a few MB at most. */
const MAX_SIDE = 2048;
/**
 * Segments cross about this many cells each, on average, at most (the cell
 * grows with the mean segment length): at 30k edges ~0.5M registrations, built
 * in 30–60 ms, and a hover then looks at tens of segments, not 30,000.
 */
const CELLS_PER_SEGMENT = 16;

/**
 * A uniform grid over edge segments, so that the hover's nearest-edge test
 * looks at the segments near the pointer instead of all 30,000. Each segment
 * is registered in every cell it passes through (a conservative supercover:
 * a segment within r of a point passes through a cell of the square of side
 * 2r around it). Built once per positions, for every edge of the view; which
 * edges are drawn, and in which order, is the caller's (hit-test.ts).
 */
export class EdgeGrid {
  private readonly x0: number;
  private readonly y0: number;
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  /** Cell c's edges are items[start[c] .. start[c + 1]). */
  private readonly start: Uint32Array;
  private readonly items: Uint32Array;
  /** The edges registered at all (finite ends), for a query that covers the whole grid. */
  private readonly all: Uint32Array;
  /** Per edge, the last query that visited it: each edge once per query. */
  private readonly seen: Uint32Array;
  private query = 0;

  constructor(positions: Float32Array, source: ArrayLike<number>, target: ArrayLike<number>) {
    const m = source.length;
    const all: number[] = [];
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    let length = 0;
    for (let e = 0; e < m; e++) {
      const s = source[e] as number;
      const t = target[e] as number;
      const ax = positions[2 * s] as number;
      const ay = positions[2 * s + 1] as number;
      const bx = positions[2 * t] as number;
      const by = positions[2 * t + 1] as number;
      if (!Number.isFinite(ax) || !Number.isFinite(ay) || !Number.isFinite(bx) || !Number.isFinite(by)) continue;
      all.push(e);
      x0 = Math.min(x0, ax, bx);
      y0 = Math.min(y0, ay, by);
      x1 = Math.max(x1, ax, bx);
      y1 = Math.max(y1, ay, by);
      length += Math.abs(bx - ax) + Math.abs(by - ay);
    }
    this.all = Uint32Array.from(all);
    this.seen = new Uint32Array(m);
    const n = Math.max(1, all.length);
    const w = all.length ? x1 - x0 : 0;
    const h = all.length ? y1 - y0 : 0;
    // About one cell per segment, larger when segments are long (the columns layout), never too many cells.
    let cell = Math.max(Math.sqrt((w * h) / n), length / (CELLS_PER_SEGMENT * n), w / MAX_SIDE, h / MAX_SIDE);
    if (!(cell > 0)) cell = 1;
    this.x0 = all.length ? x0 : 0;
    this.y0 = all.length ? y0 : 0;
    this.cell = cell;
    this.cols = Math.min(MAX_SIDE, Math.floor(w / cell) + 1);
    this.rows = Math.min(MAX_SIDE, Math.floor(h / cell) + 1);

    // Two passes over the same walk: count per cell, then fill.
    const counts = new Uint32Array(this.cols * this.rows + 1);
    this.walkAll(positions, source, target, (c) => counts[c]!++);
    this.start = new Uint32Array(counts.length);
    for (let c = 0, sum = 0; c < counts.length; c++) {
      this.start[c] = sum;
      sum += counts[c] as number;
    }
    this.items = new Uint32Array(this.start[this.start.length - 1]! + counts[counts.length - 1]!);
    const fill = this.start.slice();
    this.walkAll(positions, source, target, (c, e) => {
      this.items[fill[c]!++] = e;
    });
  }

  /** How many (cell, edge) registrations the grid holds (tests and the benchmark read it). */
  get size(): number {
    return this.items.length;
  }

  /** Calls visit once for each edge that passes through a cell the square [x - r, x + r] × [y - r, y + r] touches. */
  forEachNear(x: number, y: number, r: number, visit: (edge: number) => void): void {
    // A little wider than asked: a segment at exactly r is not lost to rounding.
    const reach = r * (1 + 1e-9) + 1e-9;
    const gx0 = x - reach;
    const gx1 = x + reach;
    const gy0 = y - reach;
    const gy1 = y + reach;
    if (!(gx1 >= this.x0 && gy1 >= this.y0 && gx0 <= this.x0 + this.cols * this.cell && gy0 <= this.y0 + this.rows * this.cell)) return;
    const c0 = this.col(gx0);
    const c1 = this.col(gx1);
    const r0 = this.row(gy0);
    const r1 = this.row(gy1);
    // Zoomed far out the square covers the whole grid: the plain list is cheaper than its cells.
    if ((c1 - c0 + 1) * (r1 - r0 + 1) >= this.cols * this.rows) {
      for (const e of this.all) visit(e);
      return;
    }
    if (++this.query === 0xffffffff) {
      this.seen.fill(0);
      this.query = 1;
    }
    const q = this.query;
    for (let row = r0; row <= r1; row++) {
      for (let c = row * this.cols + c0, end = row * this.cols + c1; c <= end; c++) {
        for (let k = this.start[c] as number, stop = this.start[c + 1] as number; k < stop; k++) {
          const e = this.items[k] as number;
          if (this.seen[e] === q) continue;
          this.seen[e] = q;
          visit(e);
        }
      }
    }
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.x0) / this.cell)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.y0) / this.cell)));
  }

  /** Every cell each registered segment passes through: column by column, the rows its part in that column spans. */
  private walkAll(positions: Float32Array, source: ArrayLike<number>, target: ArrayLike<number>, emit: (cell: number, edge: number) => void): void {
    const slack = this.cell * 1e-6;
    for (const e of this.all) {
      const s = source[e] as number;
      const t = target[e] as number;
      let ax = positions[2 * s] as number;
      let ay = positions[2 * s + 1] as number;
      let bx = positions[2 * t] as number;
      let by = positions[2 * t + 1] as number;
      if (bx < ax) [ax, ay, bx, by] = [bx, by, ax, ay];
      const c0 = this.col(ax);
      const c1 = this.col(bx);
      const slope = bx > ax ? (by - ay) / (bx - ax) : 0;
      for (let c = c0; c <= c1; c++) {
        let ya = ay;
        let yb = by;
        if (c0 !== c1) {
          const xa = Math.max(ax, this.x0 + c * this.cell);
          const xb = Math.min(bx, this.x0 + (c + 1) * this.cell);
          ya = ay + (xa - ax) * slope;
          yb = ay + (xb - ax) * slope;
        }
        const r0 = this.row(Math.min(ya, yb) - slack);
        const r1 = this.row(Math.max(ya, yb) + slack);
        for (let r = r0; r <= r1; r++) emit(r * this.cols + c, e);
      }
    }
  }
}
