import type { Finding } from '../../shared/analysis-types.js';
import { reportFormats, reportSections, tlpColours, tlpLabel, tlpLevels, type ReportFormat, type ReportSection } from '../../shared/report-types.js';
import { findingTitle } from '../analysis/finding-actions.js';
import { Modal } from '../components/Modal.js';
import type { Connection } from '../connect.js';
import { plural } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import { describeProgress, drawsGraph, draftProblems, selectedFindings, TITLE_MAX, type DraftAction, type ReportDraft } from './report-draft.js';
import { useReportBuilder } from './use-report-builder.js';

interface Props {
  connection: Connection;
  caseId: string;
  caseName: string;
  /** The graph as drawn now (the canvas's SVG export), null when nothing is drawn. */
  graphSvg: () => string | null;
  onClose: () => void;
}

const SECTION_LABEL: Record<ReportSection, string> = { summary: 'Executive summary', findings: 'Findings', graph: 'Graph', appendix: 'Appendix (inputs, sources, parameters)' };

/** The report builder: a thin view over useReportBuilder / report-draft.ts. */
export function ReportDialog({ connection, caseId, caseName, graphSvg, onClose }: Props) {
  const { draft, dispatch, findings, run, create, cancel } = useReportBuilder(connection, caseId, caseName);
  const list = findings.status === 'ready' ? findings.findings : [];
  const count = selectedFindings(draft, list).length;
  const problems = findings.status === 'ready' ? draftProblems(draft, list) : [];
  const running = run.phase === 'running';
  const notAnalysed = findings.status === 'ready' && !findings.analysed;
  const canCreate = findings.status === 'ready' && !notAnalysed && problems.length === 0 && !running;
  const progress = running ? describeProgress(run.progress, draft.format) : null;

  const footer = (
    <>
      <div className="report-status">
        {progress && (
          <div className="progress-row" role="status" data-testid="report-progress">
            <span>{run.phase === 'running' && run.cancelling ? 'Cancelling…' : progress.text}</span>
            <progress max={1} aria-label="Report progress" {...(progress.fraction === null ? {} : { value: progress.fraction })} />
          </div>
        )}
        {run.phase === 'done' && (
          <p role="status" className="report-done" data-testid="report-result">
            {run.text}
          </p>
        )}
        {run.phase === 'failed' && (
          <p role="alert" className="error" data-testid="report-error">
            {run.text}
          </p>
        )}
        {!running && problems.map((p) => <p key={p} className="error small">{p}</p>)}
      </div>
      {running ? (
        <button type="button" onClick={cancel} disabled={run.cancelling}>
          Cancel report
        </button>
      ) : (
        <button type="button" className="primary-button" disabled={!canCreate} onClick={() => void create(graphSvg)} data-testid="report-create">
          Create report
        </button>
      )}
      <button type="button" onClick={onClose}>
        Close
      </button>
    </>
  );

  return (
    <Modal title="Report" onClose={onClose} footer={footer} testId="report-dialog" className="report-dialog">
      <div className="report-form">
        <label className="report-field">
          <span>Title</span>
          <input data-autofocus value={draft.title} maxLength={TITLE_MAX} onChange={(e) => dispatch({ type: 'title', value: e.target.value })} />
        </label>
        <label className="report-field">
          <span>Analyst</span>
          <input value={draft.analyst} maxLength={TITLE_MAX} placeholder="Your name (optional)" onChange={(e) => dispatch({ type: 'analyst', value: e.target.value })} />
        </label>
        <fieldset className="report-choices">
          <legend>TLP marking</legend>
          {tlpLevels.map((t) => (
            <label key={t} className="check">
              <input type="radio" name="report-tlp" value={t} checked={draft.tlp === t} onChange={() => dispatch({ type: 'tlp', value: t })} />
              <span className="tlp-chip" style={{ color: tlpColours[t] }}>
                {tlpLabel(t)}
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="report-choices">
          <legend>Sections</legend>
          {reportSections.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={draft.sections.includes(s)} onChange={(e) => dispatch({ type: 'section', section: s, on: e.target.checked })} />
              {SECTION_LABEL[s]}
            </label>
          ))}
        </fieldset>
        <label className="report-field">
          <span>Format</span>
          <select value={draft.format} onChange={(e) => dispatch({ type: 'format', format: e.target.value as ReportFormat })}>
            {(Object.keys(reportFormats) as ReportFormat[]).map((f) => (
              <option key={f} value={f}>
                {reportFormats[f].label}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.includeGraph && drawsGraph(draft.format)} disabled={!drawsGraph(draft.format) || !draft.sections.includes('graph')} onChange={(e) => dispatch({ type: 'includeGraph', on: e.target.checked })} />
          Include the graph as I see it{!drawsGraph(draft.format) && ' (only HTML and PDF draw the graph)'}
        </label>
      </div>
      <FindingsChoice draft={draft} dispatch={dispatch} findings={findings} list={list} count={count} notAnalysed={notAnalysed} />
    </Modal>
  );
}

interface ChoiceProps {
  draft: ReportDraft;
  dispatch: (a: DraftAction) => void;
  findings: ReturnType<typeof useReportBuilder>['findings'];
  list: Finding[];
  count: number;
  notAnalysed: boolean;
}

/** Which findings: the default rule with its score, or a checklist. */
function FindingsChoice({ draft, dispatch, findings, list, count, notAnalysed }: ChoiceProps) {
  const chosen = new Set(draft.chosen);
  return (
    <fieldset className="report-findings">
      <legend>Findings</legend>
      {findings.status === 'loading' && <p className="muted">Reading the findings…</p>}
      {findings.status === 'error' && <p className="error">The findings could not be read: {findings.error}</p>}
      {notAnalysed && <p className="error">This case has not been analysed yet: run an analysis, then make the report.</p>}
      <label className="check">
        <input type="radio" name="report-selection" checked={draft.mode === 'default'} onChange={() => dispatch({ type: 'mode', mode: 'default' })} />
        Every finding with score ≥
        <input
          type="number"
          className="report-score"
          aria-label="Least score"
          min={0}
          max={1}
          step={0.05}
          defaultValue={draft.minScore.toFixed(2)}
          onChange={(e) => dispatch({ type: 'minScore', value: e.target.valueAsNumber })}
        />
        and every confirmed (malicious) one
      </label>
      <label className="check">
        <input type="radio" name="report-selection" checked={draft.mode === 'chosen'} onChange={() => dispatch({ type: 'mode', mode: 'chosen' })} />
        Choose findings
      </label>
      <p className="report-count" data-testid="report-count" aria-live="polite">
        {plural(count, 'finding')} selected{findings.status === 'ready' && ` of ${list.length}`}
      </p>
      {draft.mode === 'chosen' && (
        <>
          <div className="inline">
            <button type="button" onClick={() => dispatch({ type: 'chooseAll', ids: list.map((f) => f.id) })}>
              Select all
            </button>
            <button type="button" onClick={() => dispatch({ type: 'chooseNone' })}>
              Select none
            </button>
          </div>
          <ul className="report-checklist" aria-label="Findings to report">
            {list.map((f) => (
              <li key={f.id}>
                <label className="check" data-testid="report-finding">
                  <input type="checkbox" checked={chosen.has(f.id)} onChange={(e) => dispatch({ type: 'choose', id: f.id, on: e.target.checked })} />
                  <span className={`score-badge sev-${f.severity ?? 'none'}`}>{f.score.toFixed(2)}</span>
                  <span className="muted">{f.severity ?? 'none'}</span>
                  <VisibleText text={findingTitle(f)} />
                  {f.verdict && <span className="muted"> · {f.verdict}</span>}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}
