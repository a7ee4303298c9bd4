/**
 * Case names compare without regard to letter case: the command line finds
 * a case by name that way, so "APT29" and "apt29" would be one name there,
 * and the engine refuses to create the second.
 */
export function sameCaseName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
