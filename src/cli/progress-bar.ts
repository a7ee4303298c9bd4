import type { ImportProgress } from '../shared/types.js';

/**
 * One line on stderr redrawn in place, shown only on a terminal: piped and
 * --json output stay clean. Rate and ETA are the engine's (per file, from bytes, which every format has).
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: ImportProgress): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  let drawn = false;
  return {
    update(p) {
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
      const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
      const filled = Math.round(frac * width);
      const eta = frac < 1 ? (p.etaSeconds ?? 0) : 0;
      const bad = p.quarantined > 0 ? ` ${p.quarantined.toLocaleString('en-US')} quarantined` : '';
      const name = p.file.length > 24 ? `…${p.file.slice(-23)}` : p.file;
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${p.fileIndex + 1}/${p.fileCount} ${name} ${p.rows.toLocaleString('en-US')} rows ${Math.round(p.rowsPerSecond).toLocaleString('en-US')}/s${bad}${eta > 0 ? ` ETA ${Math.ceil(eta)}s` : ''}`;
      stream.write(`\r\x1b[2K${line}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
