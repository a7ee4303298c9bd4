import { useCallback, useState } from 'react';
import type { Connection } from '../connect.js';
import { notReadyReason } from './file-choice.js';
import { useFileChoices } from './use-file-choices.js';
import { useImportRun } from './use-import-run.js';

/**
 * Everything the import dialog works on, kept by the app so that an import
 * keeps running (and reporting) when the dialog is closed: the picked files
 * and their mappings, the import's options, and the run.
 */
export function useImportSession(connection: Connection, onImported: () => void) {
  const [open, setOpen] = useState(false);
  const [timezone, setTimezone] = useState('UTC');
  const [tolerance, setTolerance] = useState(120);
  const choices = useFileChoices(connection, timezone);
  const { run, start, cancel, reset } = useImportRun(connection);

  const pick = useCallback(
    (files: readonly File[]) => {
      setOpen(true);
      // While an import runs the dialog shows it and new files are not taken; after one, they start the next.
      if (run.phase === 'running' || files.length === 0) return;
      if (run.phase === 'done') {
        choices.clear();
        reset();
      }
      void choices.addFiles(files);
    },
    [choices, reset, run.phase],
  );

  const blocked = choices.files.map((f) => ({ name: f.file.name, reason: notReadyReason(f) })).filter((b) => b.reason !== null);

  const startImport = useCallback(
    async (caseId: string) => {
      if (choices.files.length === 0 || blocked.length > 0 || run.phase === 'running') return;
      await start(choices.files, { caseId, timezone: timezone.trim() || 'UTC', joinToleranceSeconds: tolerance, sourceOf: choices.sourceOf, onSent: choices.forgetUploads });
      onImported();
    },
    [blocked.length, choices, onImported, run.phase, start, timezone, tolerance],
  );

  /** Back to picking: after a finished import the list starts empty; after a cancel or failure the files stay to try again. */
  const again = useCallback(() => {
    const allImported = run.files.every((f) => f.result?.status === 'imported' || f.result?.status === 'duplicate');
    if (allImported) choices.clear();
    reset();
  }, [choices, reset, run.files]);

  const close = useCallback(() => {
    setOpen(false);
    // Nothing running: a closed dialog starts afresh next time.
    if (run.phase !== 'running') {
      choices.clear();
      reset();
    }
  }, [choices, reset, run.phase]);

  /** Forget a finished import (its summary) without opening the dialog. */
  const dismiss = useCallback(() => {
    choices.clear();
    reset();
  }, [choices, reset]);

  return { open, setOpen, pick, close, again, dismiss, timezone, setTimezone, tolerance, setTolerance, choices, run, startImport, cancel, reset, blocked };
}

export type ImportSession = ReturnType<typeof useImportSession>;
