/** Below the selection ring and the reputation ring (r + 3 and r + 6.5, 2.5 px wide). */
const PIN_HEAD_GAP = 11;
const PIN_HEAD_R = 3;

/**
 * A pinned node's mark, in screen pixels: a round head just below the node
 * on a short needle up to its edge (badges go above a node and labels beside it, so
 * below is the free side; labels.ts keeps it clear). `r`: the node's radius
 * on screen.
 */
export function pinMark(sx: number, sy: number, r: number): { hx: number; hy: number; hr: number; nx: number; ny: number } {
  return { hx: sx, hy: sy + r + PIN_HEAD_GAP, hr: PIN_HEAD_R, nx: sx, ny: sy + r };
}

/** The mark's box below a node of screen radius r: x, y, w, h relative to the node's centre. */
export function pinMarkBox(r: number): [number, number, number, number] {
  return [-PIN_HEAD_R - 1, r, 2 * PIN_HEAD_R + 2, PIN_HEAD_GAP + PIN_HEAD_R + 1];
}
