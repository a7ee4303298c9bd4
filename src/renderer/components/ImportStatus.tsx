import { formatCount, formatPercent } from '../format.js';
import type { ImportRun } from '../import/use-import-run.js';
import { VisibleText } from '../text/VisibleText.js';

interface Props {
  run: ImportRun;
  onShow: () => void;
  onCancel: () => void;
  onDismiss: () => void;
}

/** The import while its dialog is closed: one line of progress with Cancel, then the outcome with a way back to the summary. */
export function ImportStatus({ run, onShow, onCancel, onDismiss }: Props) {
  if (run.phase === 'idle') return null;
  const current = run.files.find((f) => f.stage === 'importing' || f.stage === 'uploading');
  const done = run.files.filter((f) => f.stage === 'finished');
  const failed = done.filter((f) => f.result?.status === 'failed').length;
  const p = current?.progress;
  return (
    <section className="import-status" data-testid="import-status" aria-live="polite">
      {run.phase === 'running' ? (
        <div className="progress-row">
          <span>
            Importing {formatCount(done.length + (current ? 1 : 0))}/{formatCount(run.files.length)}
            {current && (
              <>
                {' '}
                <VisibleText text={current.name} />
              </>
            )}
            {p && ` · ${formatPercent(p.bytesRead, p.bytesTotal)} · ${formatCount(p.rows)} rows`}
          </span>
          <progress max={1} value={p && p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : 0} aria-label="import progress" />
          <button type="button" onClick={onShow}>
            Show progress
          </button>
          <button type="button" onClick={onCancel} disabled={run.cancelling}>
            {run.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      ) : (
        <div className="progress-row">
          <span className={failed ? 'error-text' : ''}>
            Import {run.cancelled ? 'cancelled' : 'finished'}: {formatCount(done.filter((f) => f.result?.status === 'imported').length)} of {formatCount(run.files.length)} files
            imported{failed ? `, ${formatCount(failed)} failed` : ''}.
          </span>
          <button type="button" onClick={onShow}>
            Show summary
          </button>
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
