import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import { errorMessage } from '../error-message.js';
import { FINDINGS_PAGE } from '../app/view-source.js';
import type { FindingsPage } from '../model/view-state.js';
import { useDebounced } from '../use-debounced.js';

/**
 * The findings a search in the findings list keeps (host, process,
 * destination, or the analyst's notes and tags about them), asked of the
 * engine once typing pauses and again whenever the list itself is fetched
 * again (`basis`: an analysis, a verdict, a note). Null without a search.
 */
export function useFindingsSearch(client: Client, caseId: string, search: string, basis: unknown): { page: FindingsPage | null; error: string | null } {
  const settled = useDebounced(search.trim(), 250);
  const [got, setGot] = useState<{ key: string; page: FindingsPage } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${caseId}\n${settled}`;
  useEffect(() => {
    if (settled === '') return;
    let live = true;
    client
      .listFindings({ caseId, search: settled, limit: FINDINGS_PAGE })
      .then((r) => {
        if (!live) return;
        setError(null);
        setGot({ key, page: { findings: r.findings, total: r.total } });
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [client, caseId, settled, key, basis]);
  if (search.trim() === '') return { page: null, error: null };
  return { page: got?.key === key ? got.page : null, error };
}
