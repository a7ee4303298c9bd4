/**
 * A fixed linear congruential generator (Numerical Recipes' constants) for
 * d3-force's randomSource and the layout's initial jitter: the same seed
 * gives the same stream in every browser and in Node, so a layout is a pure
 * function of its input.
 */
export function createLcg(seed = 0x5eed): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
