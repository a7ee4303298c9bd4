import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Client } from '../../shared/client.js';
import { MAX_NOTE_CHARS, MAX_TAG_CHARS, type Note, type NoteTarget } from '../../shared/notes-types.js';
import { formatTime } from '../format.js';
import { NoteMarkdown } from '../text/NoteMarkdown.js';
import { VisibleText } from '../text/VisibleText.js';
import { useNotes } from './use-notes.js';

interface Props {
  client: Client;
  caseId: string;
  target: NoteTarget;
  /** What the notes are about, after the heading ("this destination", "the finding …"). */
  about: string;
  /** After a note or tag was written. */
  onChanged: () => void;
}

const PLACEHOLDER = 'Write a note. Markdown: **bold**, *em*, `code`, - lists, [links](https://…). Ctrl+Enter adds it.';

/**
 * The analyst's notes and tags on a node or a finding: notes newest first,
 * shown from their Markdown as text (NoteMarkdown), with when they were
 * written and edited; tags as chips. Kept in the case file.
 */
export function NotesSection({ client, caseId, target, about, onChanged }: Props) {
  const n = useNotes(client, caseId, target, onChanged);
  const [draft, setDraft] = useState('');
  const [tag, setTag] = useState('');

  const add = async (e?: FormEvent) => {
    e?.preventDefault();
    if (draft.trim() === '') return;
    if (await n.add(draft)) setDraft('');
  };
  const addTag = async (e: FormEvent) => {
    e.preventDefault();
    if (tag.trim() === '') return;
    const adding = tag;
    setTag('');
    if (!(await n.changeTags((tags) => [...tags, adding]))) setTag(adding);
  };

  return (
    <section className="notes" data-testid="notes" data-target-kind={target.kind}>
      <h3>
        Notes &amp; tags{' '}
        <span className="muted small">
          on <VisibleText text={about} />
        </span>
      </h3>
      <div className="tag-chips" data-testid="tags">
        {n.tags.map((t) => (
          <span key={t} className="tag-chip" data-testid="tag">
            <VisibleText text={t} />
            <button type="button" className="icon" aria-label={`Remove tag ${t}`} onClick={() => void n.changeTags((tags) => tags.filter((x) => x !== t))}>
              ×
            </button>
          </span>
        ))}
        <form className="tag-add" onSubmit={(e) => void addTag(e)}>
          <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Add a tag" aria-label="Add a tag" maxLength={MAX_TAG_CHARS} />
        </form>
      </div>
      {n.error && (
        <p className="error" role="alert">
          {n.error}
        </p>
      )}
      {n.loading && <p className="muted small">Loading notes…</p>}
      <ul className="notes-list">
        {n.notes.map((note) => (
          <NoteItem key={note.id} note={note} onSave={(body) => n.update(note.id, body)} onDelete={() => n.remove(note.id)} />
        ))}
      </ul>
      <form className="note-add" onSubmit={(e) => void add(e)}>
        <textarea
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => submitOnCtrlEnter(e, () => void add())}
          placeholder={PLACEHOLDER}
          aria-label="New note"
          rows={3}
          maxLength={MAX_NOTE_CHARS}
        />
        <button type="submit" disabled={draft.trim() === ''}>
          Add note
        </button>
      </form>
    </section>
  );
}

function NoteItem({ note, onSave, onDelete }: { note: Note; onSave: (body: string) => Promise<boolean>; onDelete: () => Promise<boolean> }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const save = async () => {
    if (editing !== null && (await onSave(editing))) setEditing(null);
  };
  return (
    <li className="note" data-testid="note" data-note-id={note.id}>
      {editing === null ? (
        <NoteMarkdown text={note.body} />
      ) : (
        <div className="note-edit">
          <textarea value={editing} onChange={(e) => setEditing(e.target.value)} onKeyDown={(e) => submitOnCtrlEnter(e, () => void save())} aria-label="Edit note" rows={4} maxLength={MAX_NOTE_CHARS} />
          <button type="button" onClick={() => void save()} disabled={editing.trim() === ''}>
            Save
          </button>
          <button type="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </div>
      )}
      <div className="note-meta muted small">
        <span data-testid="note-times">
          written {formatTime(note.createdAt)}
          {note.updatedAt !== note.createdAt && <> · edited {formatTime(note.updatedAt)}</>}
        </span>
        {editing === null && !confirming && (
          <>
            <button type="button" className="link" onClick={() => setEditing(note.body)}>
              Edit
            </button>
            <button type="button" className="link" onClick={() => setConfirming(true)}>
              Delete
            </button>
          </>
        )}
        {confirming && (
          <>
            {' '}
            Delete this note?
            <button type="button" className="link" onClick={() => void onDelete().then((ok) => ok || setConfirming(false))}>
              Delete
            </button>
            <button type="button" className="link" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        )}
      </div>
    </li>
  );
}

function submitOnCtrlEnter(e: KeyboardEvent, submit: () => void) {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    submit();
  }
}
