import { baseName, formatCount, formatTime } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import type { Analysis } from './use-analysis.js';

/** One line over the graph: what the latest analysis found, or how far the running one is. */
export function AnalysisBar({ analysis }: { analysis: Analysis }) {
  const { run, bySeverity, total, progress, error } = analysis;
  if (progress) {
    return (
      <div className="analysis-bar running" data-testid="analysis-bar" role="status">
        Analysing: {progress.step} <progress max={1} value={progress.fraction} aria-label="Analysis progress" /> {Math.round(progress.fraction * 100)} %
        <button type="button" onClick={analysis.cancel}>
          Cancel
        </button>
      </div>
    );
  }
  if (error) {
    return (
      <div className="analysis-bar error" data-testid="analysis-bar" role="alert">
        {error}{' '}
        <button type="button" onClick={analysis.analyse}>
          Analyse again
        </button>
      </div>
    );
  }
  if (!run) return null;
  const counted = (['high', 'medium', 'low', 'info'] as const).filter((s) => bySeverity[s] > 0);
  return (
    <div className={`analysis-bar${run.stale ? ' stale' : ''}`} data-testid="analysis-bar">
      {counted.length === 0 ? (
        `No findings at info level or above${total > 0 ? ` (${formatCount(total)} weaker, shown in the details of their nodes)` : ''}`
      ) : (
        <>
          Findings:{' '}
          {counted.map((s) => (
            <span key={s} className={`sev-count sev-${s}`} data-severity={s}>
              {formatCount(bySeverity[s])} {s}
            </span>
          ))}
        </>
      )}{' '}
      · {formatCount(run.units)} host/process/destination pairs analysed {run.finishedAt ? `at ${formatTime(run.finishedAt)}` : ''}
      {run.baselineUntil !== null && run.window && (
        <span data-testid="baseline-set" title="Kept for every analysis of this case; change it with: sightline analyze --baseline-until TIME (auto: the default)">
          {' '}
          · baseline until {formatTime(run.window.baselineEnd)}, as the analyst set it
        </span>
      )}
      {run.stale && <> · out of date: {run.staleBecause}</>}{' '}
      <button type="button" onClick={analysis.analyse}>
        Analyse again
      </button>
      {run.newHits.length > 0 && (
        <div className="new-hits" data-testid="new-hits" role="status">
          <strong>
            {formatCount(run.newHits.length)} new IoC {run.newHits.length === 1 ? 'hit' : 'hits'} since the previous analysis:
          </strong>
          <ul>
            {run.newHits.slice(0, 5).map((h) => (
              <li key={`${h.host}\n${h.process ?? ''}\n${h.dst}`}>
                <VisibleText text={`${h.host} · ${h.process === null ? '(no process)' : baseName(h.process)} → ${h.dst}: ${h.text}`} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
