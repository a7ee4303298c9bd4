/** Ports kept per edge: enough to tell a service from a scan; past it the list ends in the largest ones seen first. */
export const MAX_PORTS = 64;

/**
 * Merges two comma-separated port lists into one ascending list of distinct
 * ports, at most MAX_PORTS long. Registered as the SQL function merge_ports
 * so an upsert can merge in place.
 */
export function mergePorts(a: string, b: string): string {
  const set = new Set<number>();
  for (const list of [a, b]) {
    if (!list) continue;
    for (const p of list.split(',')) {
      const n = Number(p);
      if (p !== '' && Number.isInteger(n) && n >= 0) set.add(n);
    }
  }
  return [...set]
    .sort((x, y) => x - y)
    .slice(0, MAX_PORTS)
    .join(',');
}
