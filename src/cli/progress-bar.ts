import type { ImportProgress } from '../shared/types.js';

/**
 * One line on stderr redrawn in place, shown only on a terminal: piped and
 * --json output stay clean. Rate and ETA come from bytes, which every format has.
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: ImportProgress): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = Date.now();
  let fileStarted = started;
  let lastFile = -1;
  let drawn = false;
  return {
    update(p) {
      if (p.fileIndex !== lastFile) {
        lastFile = p.fileIndex;
        fileStarted = Date.now();
      }
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
      const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
      const filled = Math.round(frac * width);
      const secs = (Date.now() - fileStarted) / 1000;
      const rate = secs > 0 ? p.rows / secs : 0;
      const eta = frac > 0 && frac < 1 ? (secs / frac) * (1 - frac) : 0;
      const name = p.file.length > 24 ? `…${p.file.slice(-23)}` : p.file;
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${p.fileIndex + 1}/${p.fileCount} ${name} ${p.rows.toLocaleString('en-US')} rows ${Math.round(rate).toLocaleString('en-US')}/s${eta > 0 ? ` ETA ${Math.ceil(eta)}s` : ''}`;
      stream.write(`\r\x1b[2K${line}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
