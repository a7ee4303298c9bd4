import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { EntityDetails } from '../../shared/entity-details-types.js';
import { errorMessage } from '../error-message.js';

export type DetailsState = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; details: EntityDetails };

/** The details of one node, fetched again when the node, the case or `version` changes; an answer for another node is dropped. */
export function useEntityDetails(client: Client, caseId: string, nodeId: string, version: number): DetailsState {
  const [got, setGot] = useState<{ key: string; value: DetailsState } | null>(null);
  const key = `${caseId}\n${nodeId}\n${version}`;
  useEffect(() => {
    let live = true;
    client
      .getEntityDetails({ caseId, nodeId })
      .then((details) => live && setGot({ key, value: { state: 'ready', details } }))
      .catch((err: unknown) => live && setGot({ key, value: { state: 'error', error: errorMessage(err) } }));
    return () => {
      live = false;
    };
  }, [client, caseId, nodeId, key]);
  return got?.key === key ? got.value : { state: 'loading' };
}
