import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { CaseSummary } from '../../shared/types.js';

const RECENT_KEY = 'sightline-recent-cases';
const RECENT_MAX = 5;

function readRecent(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

export interface Cases {
  list: CaseSummary[];
  /** Ids of the cases opened last, the latest first (only cases that still exist). */
  recent: string[];
  refresh(): Promise<void>;
  /** Remember a case as opened now. */
  opened(caseId: string): void;
}

/** The cases of the data home, and the ones this browser opened last. */
export function useCases(client: Client, onError: (err: unknown) => void): Cases {
  const [list, setList] = useState<CaseSummary[]>([]);
  const [recent, setRecent] = useState<string[]>(readRecent);
  const refresh = useCallback(async () => setList(await client.listCases({})), [client]);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);
  useEffect(() => {
    let live = true;
    client
      .listCases({})
      .then((l) => live && setList(l))
      .catch((err: unknown) => live && onErrorRef.current(err));
    return () => {
      live = false;
    };
  }, [client]);
  const opened = useCallback((caseId: string) => {
    setRecent((r) => {
      const next = [caseId, ...r.filter((id) => id !== caseId)].slice(0, RECENT_MAX);
      try {
        localStorage.setItem(RECENT_KEY, JSON.stringify(next));
      } catch {
        // Not remembered across sessions; the list still works now.
      }
      return next;
    });
  }, []);
  const known = new Set(list.map((c) => c.id));
  return { list, recent: recent.filter((id) => known.has(id)), refresh, opened };
}
