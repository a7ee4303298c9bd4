import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
  /** The tags changed from the latest ones, after any change still on its way (two quick additions both stay). */
  changeTags(change: (tags: readonly string[]) => string[]): Promise<boolean>;
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
  /** The target's tags as last read or written, and the writes in order: each tag change starts from the one before. */
  const tags = useRef<{ key: string; tags: readonly string[] }>({ key: '', tags: [] });
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);

  useEffect(() => {
    let live = true;
    client
      .listNotes({ caseId, target: stable, limit: 500 })
      .then((r) => {
        if (!live) return;
        const read = r.tags[0]?.tags ?? [];
        // A read that crossed a tag write still on its way is older than that write's answer.
        if (pending.current === 0) tags.current = { key, tags: read };
        setGot({ key, notes: r.notes, tags: read });
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
    changeTags: (change) => {
      pending.current++;
      const next = queue.current.then(() =>
        write(async () => {
          // Not read yet for this target: read its tags first, never replace them with a list missing them.
          const from = tags.current.key === key ? tags.current.tags : ((await client.listNotes({ caseId, target: stable, limit: 1 })).tags[0]?.tags ?? []);
          const r = await client.setTags({ caseId, target: stable, tags: change(from) });
          tags.current = { key, tags: r.tags };
        }).finally(() => pending.current--),
      );
      queue.current = next;
      return next;
    },
  };
}
