/** RITA reports every score to three decimals; rounding the same way keeps the numbers comparable. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
