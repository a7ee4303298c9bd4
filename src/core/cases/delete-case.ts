import fs from 'node:fs';
import type { Handlers } from '../../shared/dispatch.js';
import type { EngineServices } from '../engine-services.js';

type DeleteCaseHandlers = Pick<Handlers, 'deleteCase'>;

export interface DeleteCaseOptions {
  /** Closes the case's connection in the other thread of this engine (the serving thread, asked from the job worker). */
  closeElsewhere: (caseId: string) => void;
}

/**
 * Deleting a case: in the case's write turn, so after the import, analysis,
 * report or note that is writing to it (of this process or another), and
 * none starts meanwhile. Both threads' connections are closed first: the last
 * connection to close folds the WAL into the file, and a later call on the
 * case finds it gone (NOT_FOUND) instead of writing to a file no longer
 * listed. The home database forgets it as the last case opened and as the
 * demo case (which is then never built again).
 */
export function createDeleteCaseHandlers(s: EngineServices, options: DeleteCaseOptions): DeleteCaseHandlers {
  return {
    deleteCase: async ({ caseId, ifEmpty }, ctx) => {
      const target = s.cases.summary(caseId);
      const onWait = (ms: number): void => ctx.progress({ waitingSeconds: Math.floor(ms / 1000) });
      return s.writeCase(target, { signal: ctx.signal, onWait }, async () => {
        // An import that failed leaves the case it created removed, but never one another import filled meanwhile.
        if (ifEmpty && s.cases.summary(caseId).importCount > 0) return { deleted: false };
        s.cases.closeOne(caseId);
        options.closeElsewhere(caseId);
        removeCaseFile(s.cases.fileOf(caseId));
        await s.writeHome(() => {
          if (s.settings.get('last_case_id') === caseId) s.settings.delete('last_case_id');
          if (s.settings.get('demo_case_id') === caseId) s.settings.set('demo_case_id', '');
        });
        return { deleted: true };
      });
    },
  };
}

/**
 * The side files first, the case file last: a stop in between leaves a whole
 * (checkpointed) case, never a WAL a new case of the same id would meet. The
 * job lock file beside it stays, as job-lock.ts explains: a job of another
 * process waiting on it must not get a lock nobody else sees.
 */
function removeCaseFile(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal', '']) fs.rmSync(`${file}${suffix}`, { force: true });
}
