/** How numbers and times read for people, the same in the UI and in reports. */

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** ISO time shown in UTC, to the second: analysts compare against logs written in UTC. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return `${iso.slice(0, 19).replace('T', ' ')}Z`;
}
