import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Finding } from '../../shared/analysis-types.js';
import { RemoteError } from '../../shared/error-payload.js';
import { reportFileName, reportFormats, type ReportProgress } from '../../shared/report-types.js';
import type { Connection } from '../connect.js';
import { errorMessage } from '../error-message.js';
import { buildReportInput, describeResult, initialDraft, reduceDraft } from './report-draft.js';

/** The findings the dialog chooses from: the latest analysis's, ignored ones left out (as the engine's default selection does). */
export type FindingsState = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; findings: Finding[]; analysed: boolean; runId: number | null };

export type RunState =
  | { phase: 'idle' }
  | { phase: 'running'; progress: ReportProgress | null; cancelling: boolean }
  | { phase: 'done'; text: string }
  | { phase: 'failed'; text: string };

const PAGE = 10_000;

/**
 * The report builder's React side: the draft (report-draft.ts), the case's
 * findings, and one export at a time with its progress and Cancel. Where the
 * file goes is the host's: the desktop's save dialog, a browser download.
 */
export function useReportBuilder(connection: Connection, caseId: string, caseName: string) {
  const { client } = connection;
  const [draft, dispatch] = useReducer(reduceDraft, caseName, initialDraft);
  const [findings, setFindings] = useState<FindingsState>({ status: 'loading' });
  const [run, setRun] = useState<RunState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);

  const [reads, setReads] = useState(0);
  useEffect(() => {
    let live = true;
    (async () => {
      const all: Finding[] = [];
      for (;;) {
        const page = await client.listFindings({ caseId, minScore: 0, limit: PAGE, offset: all.length });
        all.push(...page.findings);
        if (page.findings.length === 0 || all.length >= page.total) return { findings: all, analysed: page.run !== null, runId: page.run?.id ?? null };
      }
    })()
      .then((r) => live && setFindings({ status: 'ready', ...r }))
      .catch((err: unknown) => live && setFindings({ status: 'error', error: errorMessage(err) }));
    return () => {
      live = false;
    };
  }, [client, caseId, reads]);

  // A dialog closed mid-report cancels it: nothing is left half written.
  useEffect(() => () => controller.current?.abort(), []);

  /** Makes the report; `graphSvg` is asked for only when the report draws the view. */
  const create = useCallback(
    async (graphSvg: () => string | null) => {
      if (findings.status !== 'ready' || controller.current) return;
      // Ids are the analysis's: after another run the same numbers may name other findings, so a choice made before it is not sent.
      if (draft.mode === 'chosen') {
        const latest = await client.listFindings({ caseId, limit: 1 }).catch(() => null);
        if (latest && (latest.run?.id ?? null) !== findings.runId) {
          dispatch({ type: 'chooseNone' });
          setFindings({ status: 'loading' });
          setReads((n) => n + 1);
          setRun({ phase: 'failed', text: 'The case was analysed again since the findings were listed: they are listed anew, choose them again.' });
          return;
        }
      }
      const spec = reportFormats[draft.format];
      const target = await connection.chooseSaveTarget({ suggestedName: reportFileName(caseName, draft.format, Date.now()), filter: { name: spec.label, extensions: [spec.extension] } });
      if (!target) return;
      const abort = new AbortController();
      controller.current = abort;
      setRun({ phase: 'running', progress: null, cancelling: false });
      try {
        const chosen = buildReportInput(draft, caseId, findings.findings, graphSvg());
        // The engine refuses chosen ids if the case was analysed again between the check above and the report.
        const input = chosen.findingIds && findings.runId !== null ? { ...chosen, runId: findings.runId } : chosen;
        const result = await client.exportReport(target.kind === 'file' ? { ...input, target: { fileId: target.ref.fileId } } : input, {
          signal: abort.signal,
          onProgress: (p) => setRun((r) => (r.phase === 'running' ? { ...r, progress: p } : r)),
        });
        if (result.download) connection.saveDownload(result.download);
        setRun({ phase: 'done', text: describeResult(result) });
      } catch (err) {
        const cancelled = abort.signal.aborted || (err instanceof RemoteError && err.code === 'CANCELLED');
        setRun({ phase: 'failed', text: cancelled ? 'Cancelled: no report was written.' : errorMessage(err) });
      } finally {
        controller.current = null;
      }
    },
    [client, connection, caseId, caseName, draft, findings],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    setRun((r) => (r.phase === 'running' ? { ...r, cancelling: true } : r));
  }, []);

  return { draft, dispatch, findings, run, create, cancel };
}
