import { revealHidden } from '../../shared/visible-text.js';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import type { ImportRun, RunFile } from './use-import-run.js';

/** Each file of a running import: bytes read, rows, rate, time left, records quarantined so far. */
export function ImportProgressList({ run }: { run: ImportRun }) {
  const done = run.files.filter((f) => f.stage === 'finished').length;
  return (
    <section data-testid="import-progress" aria-live="polite">
      <p>
        {run.cancelling
          ? 'Cancelling: the file in progress is being rolled back…'
          : run.files.some((f) => f.stage === 'waiting' && f.progress?.waitingSeconds !== undefined)
            ? 'Waiting: another import into this case (in another window or command) is still running.'
            : run.files.length === 1
              ? 'Importing 1 file.'
              : `Importing ${formatCount(run.files.length)} files: ${formatCount(done)} done.`}
      </p>
      <table className="data-table progress-table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Progress</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col" className="num">
              Rows/s
            </th>
            <th scope="col" className="num">
              Time left
            </th>
            <th scope="col" className="num">
              Quarantined
            </th>
          </tr>
        </thead>
        <tbody>
          {run.files.map((f) => (
            <ProgressRow key={f.key} file={f} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ProgressRow({ file }: { file: RunFile }) {
  const p = file.progress;
  const finished = file.stage === 'finished';
  const read = finished ? file.size : (p?.bytesRead ?? 0);
  const total = p?.bytesTotal || file.size;
  return (
    <tr data-file={file.name} data-stage={file.stage}>
      <td className="file-cell" title={revealHidden(file.name)}>
        <VisibleText text={file.name} />
      </td>
      <td className="progress-cell">
        <progress max={1} value={total > 0 ? Math.min(1, read / total) : 0} aria-label={`${revealHidden(file.name)} progress`} />
        <span className="small">{stageText(file, read, total)}</span>
      </td>
      <td className="num">{p || finished ? formatCount(finished && file.result ? file.result.events + file.result.processes + file.result.fileCreations + file.result.dns + file.result.alerts : (p?.rows ?? 0)) : '—'}</td>
      <td className="num">{p && file.stage === 'importing' ? formatCount(Math.round(p.rowsPerSecond)) : '—'}</td>
      <td className="num">{p && file.stage === 'importing' && p.etaSeconds !== null ? formatDuration(p.etaSeconds) : '—'}</td>
      <td className="num">{formatCount(finished && file.result ? file.result.quarantined : (p?.quarantined ?? 0))}</td>
    </tr>
  );
}

function stageText(file: RunFile, read: number, total: number): string {
  switch (file.stage) {
    case 'waiting': {
      const waited = file.progress?.waitingSeconds;
      return waited === undefined ? 'waiting' : `waiting for another import into this case to finish · ${formatDuration(waited)}`;
    }
    case 'uploading':
      return 'uploading…';
    case 'importing':
      return `${formatPercent(read, total)} · ${formatBytes(read)} of ${formatBytes(total)}`;
    case 'finished':
      return file.result?.status ?? 'finished';
  }
}
