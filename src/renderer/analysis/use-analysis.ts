import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalysisRun, AnalyzeProgress } from '../../shared/analysis-types.js';
import type { Client } from '../../shared/client.js';
import { errorMessage as message } from '../error-message.js';

export interface AnalysisState {
  run: AnalysisRun | null;
  /** Findings at each severity in the latest run (score > 0). */
  bySeverity: Record<'info' | 'low' | 'medium' | 'high', number>;
  /** Findings stored, including those below the info level. */
  total: number;
  progress: AnalyzeProgress | null;
  error: string | null;
}

export interface Analysis extends AnalysisState {
  /** Analyse the case again now. */
  analyse(): void;
  cancel(): void;
}

const EMPTY: AnalysisState = { run: null, bySeverity: { info: 0, low: 0, medium: 0, high: 0 }, total: 0, progress: null, error: null };

/**
 * The case's analysis as the UI keeps it current: whenever the case, its
 * contents (`version`) or the view change, the stored findings are checked,
 * and a case never analysed, or changed since (an import, a verdict, new
 * intel), is analysed again at once, with progress and a cancel. `onDone`
 * runs after each new analysis (the graph fetches its colours again);
 * `analysable` is false for a case with no connections yet.
 */
export function useAnalysis(client: Client, caseId: string | null, version: string | number, onDone: () => void, analysable = true): Analysis {
  const [state, setState] = useState<AnalysisState>(EMPTY);
  const running = useRef<AbortController | null>(null);
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  }, [onDone]);

  const refresh = useCallback(
    async (id: string) => {
      const { run, bySeverity, total } = await client.listFindings({ caseId: id, minScore: 0, limit: 1 });
      return { run, bySeverity, total };
    },
    [client],
  );

  const analyse = useCallback(
    (id: string) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      setState((s) => ({ ...s, progress: { step: 'starting', fraction: 0 }, error: null }));
      client
        .analyzeCase({ caseId: id }, { signal: controller.signal, onProgress: (p) => !controller.signal.aborted && setState((s) => ({ ...s, progress: p })) })
        .then(async () => {
          const fresh = await refresh(id);
          if (running.current !== controller) return;
          running.current = null;
          setState({ ...fresh, progress: null, error: null });
          onDoneRef.current();
        })
        .catch((err: unknown) => {
          if (running.current !== controller) return;
          running.current = null;
          setState((s) => ({ ...s, progress: null, error: controller.signal.aborted ? 'Analysis cancelled: the findings shown are from the last complete analysis.' : message(err) }));
        });
    },
    [client, refresh],
  );

  useEffect(() => {
    if (!caseId) return;
    let live = true;
    refresh(caseId)
      .then((fresh) => {
        if (!live) return;
        setState((s) => ({ ...s, ...fresh }));
        // A case without telemetry has nothing to analyse: no job, no progress bar over the empty state.
        if (analysable && !running.current && (!fresh.run || fresh.run.stale)) analyse(caseId);
      })
      .catch((err: unknown) => live && setState((s) => ({ ...s, error: message(err) })));
    return () => {
      live = false;
    };
  }, [caseId, version, refresh, analyse, analysable]);

  useEffect(() => () => running.current?.abort(), [caseId]);

  return {
    ...(caseId ? state : EMPTY),
    analyse: () => caseId && analyse(caseId),
    cancel: () => running.current?.abort(),
  };
}
