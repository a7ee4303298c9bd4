import { useEffect, useState } from 'react';
import type { Finding } from '../../shared/analysis-types.js';
import type { Client } from '../../shared/client.js';
import { errorMessage } from '../error-message.js';
import { formatBytes, formatCount, formatTime } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import { allowlistFinding, allowlistTitle, findingTitle, setFindingVerdict, VERDICTS, type VerdictChoice } from './finding-actions.js';
import { ScoreBreakdown } from './ScoreBreakdown.js';

interface Props {
  client: Client;
  caseId: string;
  nodeId: string;
  /** Changes when the findings may have changed (a new analysis). */
  version: number;
  /** After a verdict: the case changed, so the analysis runs again. */
  onVerdict: () => void;
  /** The finding chosen in the findings list: shown even when it is not among the first. */
  focus?: number | null;
}

/** Findings shown at first: a busy destination's nine must not push its facts a screen down. */
const FIRST_FINDINGS = 3;

/**
 * The findings about the selected node, strongest first, each with every
 * piece of its evidence in words and the analyst's verdict buttons. All text
 * from files and posts is shown as text, hidden characters marked.
 */
export function FindingsSection({ client, caseId, nodeId, version, onVerdict, focus = null }: Props) {
  const [findings, setFindings] = useState<{ nodeId: string; list: Finding[]; total: number } | null>(null);
  const [all, setAll] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client
      .listFindings({ caseId, nodeId, limit: 20, includeIgnored: true })
      .then((r) => live && setFindings({ nodeId, list: r.findings, total: r.total }))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [client, caseId, nodeId, version]);

  const setVerdict = async (f: Finding, verdict: VerdictChoice) => {
    try {
      await setFindingVerdict(client, caseId, f, verdict);
      onVerdict();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const allowlist = async (f: Finding) => {
    try {
      await allowlistFinding(client, caseId, f, 'from the details panel');
      onVerdict();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  if (error) return <p className="error">{error}</p>;
  if (!findings || findings.nodeId !== nodeId || findings.list.length === 0) return null;
  const shown = all ? findings.list : findings.list.filter((f, i) => i < FIRST_FINDINGS || f.id === focus);
  const more = findings.list.length - shown.length;
  return (
    <section className="findings" data-testid="findings">
      <h3>
        Findings{' '}
        <span className="muted">
          ({findings.total > findings.list.length ? `${formatCount(findings.list.length)} of ${formatCount(findings.total)}` : formatCount(findings.total)})
        </span>
      </h3>
      {shown.map((f) => (
        <article key={f.id} className={`finding-card sev-${f.severity ?? 'none'}`} data-testid="finding" data-score={f.score}>
          <header>
            <span className={`score-badge sev-${f.severity ?? 'none'}`}>{f.score.toFixed(2)}</span> {f.severity ?? 'not counted'} ·{' '}
            <VisibleText text={findingTitle(f)} />
          </header>
          <ul className="explanations">
            {f.explanations.map((e, i) => (
              <li key={i} data-kind={e.kind}>
                <span className="kind-tag">{e.kind}</span> {e.score > 0 && <span className="muted small">{e.score.toFixed(2)} </span>}
                <VisibleText text={e.text} />
              </li>
            ))}
          </ul>
          {f.combination && <ScoreBreakdown c={f.combination} />}
          <p className="muted finding-totals">
            {formatCount(f.events)} connections · {formatBytes(f.bytesOut)} out · {formatTime(f.firstSeen)} → {formatTime(f.lastSeen)}
            {f.verdict && <> · verdict: {f.verdict}</>}
          </p>
          <div className="verdict-buttons" role="group" aria-label="Verdict">
            {VERDICTS.filter((v) => v.verdict !== 'clear' || f.verdict !== null).map((v) => (
              <button key={v.verdict} type="button" aria-pressed={f.verdict === v.verdict} onClick={() => void setVerdict(f, v.verdict)}>
                {v.label}
              </button>
            ))}
            {!f.kinds.includes('suppressed') && (
              <button type="button" title={allowlistTitle(f)} onClick={() => void allowlist(f)}>
                Allowlist
              </button>
            )}
          </div>
        </article>
      ))}
      {(more > 0 || all) && findings.list.length > FIRST_FINDINGS && (
        <button type="button" className="link-button small" data-testid="more-findings" onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST_FINDINGS}` : `Show ${more} more ${more === 1 ? 'finding' : 'findings'}`}
        </button>
      )}
    </section>
  );
}
