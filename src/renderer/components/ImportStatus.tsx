import { describeFileError } from '../../shared/error-payload.js';
import type { FileImportResult, ImportProgress } from '../../shared/types.js';
import { formatBytes, formatCount } from '../format.js';

export interface ImportState {
  running: boolean;
  progress: ImportProgress | null;
  results: FileImportResult[];
  error: string | null;
}

interface Props {
  state: ImportState;
  onCancel: () => void;
  onDismiss: () => void;
}

/** Progress of the running import, then what happened to each file (errors name file and line). */
export function ImportStatus({ state, onCancel, onDismiss }: Props) {
  const { running, progress, results, error } = state;
  if (!running && results.length === 0 && !error) return null;
  const frac = progress && progress.bytesTotal > 0 ? progress.bytesRead / progress.bytesTotal : 0;
  return (
    <section className="import-status" data-testid="import-status">
      {running && (
        <div className="progress-row">
          <span>
            Importing {progress ? `${progress.fileIndex + 1}/${progress.fileCount} ${progress.file}` : '…'}
            {progress && ` · ${formatCount(progress.rows)} records · ${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)}`}
          </span>
          <progress max={1} value={frac} aria-label="import progress" />
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {error && <p className="error">{error}</p>}
      {!running && results.length > 0 && (
        <>
          <ul className="import-results">
            {results.map((r, i) => (
              <li key={`${r.file}-${i}`} className={`result-${r.status}`} data-status={r.status}>
                {r.status === 'imported' ? (
                  <>
                    <strong>{r.file}</strong>{' '}
                    {`imported as ${r.format}: ${formatCount(r.events)} connections${r.processes ? `, ${formatCount(r.processes)} process creations` : ''}${r.ignored ? `, ${formatCount(r.ignored)} other records skipped` : ''}`}
                  </>
                ) : (
                  describeFileError(r)
                )}
              </li>
            ))}
          </ul>
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </>
      )}
    </section>
  );
}
