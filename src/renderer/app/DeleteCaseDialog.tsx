import { useEffect, useRef, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { CaseSummary } from '../../shared/types.js';
import { Modal } from '../components/Modal.js';
import { errorMessage } from '../error-message.js';
import { formatCount } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';

interface Props {
  client: Client;
  target: CaseSummary;
  onDeleted: (caseId: string) => void;
  onClose: () => void;
}

type State = { phase: 'asking' } | { phase: 'deleting'; waitingSeconds: number | undefined } | { phase: 'failed'; message: string };

/**
 * Asks once more before deleting a case, saying what goes with it. Deleting
 * waits its turn behind an import, analysis or report writing to the case
 * (the dialog says so, and Cancel stops the wait with nothing deleted).
 */
export function DeleteCaseDialog({ client, target, onDeleted, onClose }: Props) {
  const [state, setState] = useState<State>({ phase: 'asking' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const remove = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: 'deleting', waitingSeconds: undefined });
    try {
      await client.deleteCase({ caseId: target.id }, { signal: controller.signal, onProgress: (p) => setState({ phase: 'deleting', waitingSeconds: p.waitingSeconds }) });
      onDeleted(target.id);
    } catch (err) {
      if (!controller.signal.aborted) setState({ phase: 'failed', message: errorMessage(err) });
    }
  };
  const cancel = () => {
    abort.current?.abort();
    onClose();
  };

  const deleting = state.phase === 'deleting';
  return (
    <Modal
      title="Delete case"
      onClose={cancel}
      testId="delete-case-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" onClick={cancel} data-autofocus>
            {deleting ? 'Stop waiting' : 'Keep the case'}
          </button>
          <button type="button" className="danger-button" disabled={deleting} onClick={() => void remove()} data-testid="confirm-delete-case">
            {deleting ? 'Deleting…' : 'Delete'}
          </button>
        </>
      }
    >
      <p>
        Delete the case “<VisibleText text={target.name} />” with its {formatCount(target.importCount)} imported {target.importCount === 1 ? 'file' : 'files'} (
        {formatCount(target.eventCount)} events), its findings, verdicts, notes and tags? This cannot be undone; the files you imported stay where they are.
      </p>
      {deleting && state.waitingSeconds !== undefined && <p className="muted">Waiting for the job writing to this case to finish… {state.waitingSeconds} s</p>}
      {state.phase === 'failed' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
    </Modal>
  );
}
