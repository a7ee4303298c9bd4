import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { IntelIndicatorQuery, IntelIndicatorRow } from '../../shared/types.js';
import { errorMessage } from '../error-message.js';

export const PAGE_SIZE = 200;

/**
 * Rows of the indicator table fetched a page at a time, as the visible range
 * asks for them, so a store of a million indicators scrolls without loading
 * a million rows. A new filter drops every cached page.
 */
export function useIndicatorPages(client: Client, filter: IntelIndicatorQuery, version: number) {
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, IntelIndicatorRow[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const inflight = useRef(new Set<number>());
  const key = JSON.stringify(filter);
  const keyRef = useRef(key);

  useEffect(() => {
    keyRef.current = key;
    inflight.current = new Set([0]);
    let live = true;
    client
      .intelIndicators({ ...filter, offset: 0, limit: PAGE_SIZE })
      .then((r) => {
        if (!live) return;
        setTotal(r.total);
        setPages(new Map([[0, r.rows]]));
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
    // `key` stands for `filter`: the object is rebuilt every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, version]);

  const ensure = useCallback(
    (firstRow: number, lastRow: number) => {
      for (let p = Math.floor(firstRow / PAGE_SIZE); p <= Math.floor(lastRow / PAGE_SIZE); p++) {
        if (pages.has(p) || inflight.current.has(p)) continue;
        inflight.current.add(p);
        const requestedFor = keyRef.current;
        client
          .intelIndicators({ ...(JSON.parse(requestedFor) as IntelIndicatorQuery), offset: p * PAGE_SIZE, limit: PAGE_SIZE })
          .then((r) => {
            if (keyRef.current !== requestedFor) return;
            setPages((old) => new Map(old).set(p, r.rows));
          })
          .catch((err: unknown) => setError(errorMessage(err)))
          .finally(() => inflight.current.delete(p));
      }
    },
    [client, pages],
  );

  const rowAt = (i: number): IntelIndicatorRow | undefined => pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
  return { total, rowAt, ensure, error };
}
