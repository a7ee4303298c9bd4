/** Display formatting, one place so every view says numbers the same way. */
import { formatBytes as bytesText } from '../shared/format-bytes.js';

import { formatCount } from '../shared/display-format.js';

export { formatCount, formatTime } from '../shared/display-format.js';

export function formatBytes(n: number | null): string {
  return n === null ? '—' : bytesText(n);
}

/** The file name of a path (desktop imports name files by path, uploads by name). */
export function baseName(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut === -1 ? file : file.slice(cut + 1);
}

export { formatDuration } from '../shared/charts/ticks.js';

/** A share as a whole percentage, never 100 % before the end. */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '0 %';
  const p = (100 * part) / whole;
  return `${part < whole ? Math.min(99, Math.floor(p)) : 100} %`;
}

/** "1 host", "3 hosts", "1,204 processes": a count with its noun, singular for one. */
export function plural(n: number, noun: string, many = /(s|x|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : many}`;
}
