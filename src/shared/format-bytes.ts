const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** Bytes in binary units, one decimal from KB on: "512 B", "1.2 MB", "1.6 GB" (findings, the UI, reports). */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v).toLocaleString('en-US')} B` : `${String(Number(v.toFixed(1)))} ${BYTE_UNITS[u] as string}`;
}
