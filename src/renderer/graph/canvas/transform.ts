/** A zoom transform as d3-zoom keeps it: screen = (x + k·wx, y + k·wy), in CSS pixels. */
export interface Transform2D {
  k: number;
  x: number;
  y: number;
}

export interface FitOptions {
  /** Margin in CSS pixels around the drawing. */
  padding?: number;
  /** Room on the right for the labels of the rightmost nodes. */
  labelRoom?: number;
  /** Small graphs are not blown up past this zoom (nodes at a readable size, not huge). */
  maxK?: number;
  minK?: number;
}

/** The transform that shows the bounds whole and centred in a width × height surface. */
export function fitTransform(
  bounds: readonly [number, number, number, number] | null,
  width: number,
  height: number,
  { padding = 40, labelRoom = 200, maxK = 1.4, minK = 0.002 }: FitOptions = {},
): Transform2D {
  if (!bounds || width <= 0 || height <= 0) return { k: 1, x: width / 2, y: height / 2 };
  const [x0, y0, x1, y1] = bounds;
  const room = Math.min(labelRoom, width / 4);
  const availW = Math.max(1, width - 2 * padding - room);
  const availH = Math.max(1, height - 2 * padding);
  const bw = x1 - x0;
  const bh = y1 - y0;
  const k = Math.max(minK, Math.min(maxK, bw > 0 ? availW / bw : maxK, bh > 0 ? availH / bh : maxK));
  return { k, x: padding + (availW - k * bw) / 2 - k * x0, y: padding + (availH - k * bh) / 2 - k * y0 };
}

/**
 * The transform that brings a world point back on screen, or null when it is
 * already there (within the margin): the zoom stays, the point is centred.
 */
export function keepOnScreen(t: Transform2D, wx: number, wy: number, width: number, height: number, margin = 40): Transform2D | null {
  if (!Number.isFinite(wx) || !Number.isFinite(wy) || width <= 0 || height <= 0) return null;
  const sx = t.x + t.k * wx;
  const sy = t.y + t.k * wy;
  const m = Math.min(margin, width / 4, height / 4);
  if (sx >= m && sx <= width - m && sy >= m && sy <= height - m) return null;
  return { k: t.k, x: width / 2 - t.k * wx, y: height / 2 - t.k * wy };
}

export function toScreen(t: Transform2D, wx: number, wy: number): [number, number] {
  return [t.x + t.k * wx, t.y + t.k * wy];
}

export function toWorld(t: Transform2D, sx: number, sy: number): [number, number] {
  return [(sx - t.x) / t.k, (sy - t.y) / t.k];
}
