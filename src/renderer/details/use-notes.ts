import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { Note, NoteTarget } from '../../shared/notes-types.js';
import { errorMessage } from '../error-message.js';

export interface NotesState {
  notes: Note[];
  tags: string[];
  /** Still reading the first answer. */
  loading: boolean;
  error: string | null;
  add(body: string): Promise<boolean>;
  update(id: number, body: string): Promise<boolean>;
  remove(id: number): Promise<boolean>;
  setTags(tags: string[]): Promise<boolean>;
}

/**
 * One target's notes and tags, read when the target changes and after each
 * write; `onChanged` runs after a write (the findings list shows markers).
 * Each action resolves false when refused, with the engine's reason in `error`.
 */
export function useNotes(client: Client, caseId: string, target: NoteTarget, onChanged: () => void): NotesState {
  const key = JSON.stringify(target);
  // The target by value: a new object with the same content is the same target.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content
  const stable = useMemo(() => target, [key]);
  const [got, setGot] = useState<{ key: string; notes: Note[]; tags: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    client
      .listNotes({ caseId, target: stable, limit: 500 })
      .then((r) => {
        if (!live) return;
        setGot({ key, notes: r.notes, tags: r.tags[0]?.tags ?? [] });
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [client, caseId, stable, key, version]);

  const write = useCallback(
    async (run: () => Promise<unknown>) => {
      try {
        setError(null);
        await run();
        setVersion((v) => v + 1);
        onChanged();
        return true;
      } catch (err) {
        setError(errorMessage(err));
        return false;
      }
    },
    [onChanged],
  );

  const mine = got?.key === key ? got : null;
  return {
    notes: mine?.notes ?? [],
    tags: mine?.tags ?? [],
    loading: mine === null && error === null,
    error,
    add: (body) => write(() => client.addNote({ caseId, target: stable, body })),
    update: (id, body) => write(() => client.updateNote({ caseId, id, body })),
    remove: (id) => write(() => client.deleteNote({ caseId, id })),
    setTags: (tags) => write(() => client.setTags({ caseId, target: stable, tags })),
  };
}
