/**
 * How a unit's (host, process, destination) process and ports are shown:
 * its image's file name as the label, its port list as numbers.
 */

/** `C:\Windows\System32\svchost.exe` → `svchost.exe`: the label; the full path stays in the id and details. */
export function imageName(image: string): string {
  const cut = Math.max(image.lastIndexOf('\\'), image.lastIndexOf('/'));
  return cut === -1 ? image : image.slice(cut + 1);
}

/** SQL's `GROUP_CONCAT(DISTINCT dst_port)` (any order) → the ports ascending. */
export function parsePorts(list: string | null): number[] {
  if (!list) return [];
  return list
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => a - b);
}
