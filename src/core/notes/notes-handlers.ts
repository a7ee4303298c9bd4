import type Database from 'better-sqlite3';
import type { Handlers } from '../../shared/dispatch.js';
import type { EngineServices } from '../engine-services.js';
import { addNote, deleteNote, listNotes, listTags, setTags, updateNote } from './notes-store.js';

type NotesHandlers = Pick<Handlers, 'listNotes' | 'addNote' | 'updateNote' | 'deleteNote' | 'setTags' | 'listTags'>;

export interface NotesDeps {
  /** Epoch ms: the engine's clock (a test clock in tests). */
  now: () => number;
}

/**
 * The analyst's notes and tags. Reads on the case's read connection; writes
 * in the case's write turn (after an import or analysis that is writing),
 * each small. They leave the case's revision alone: a note changes no score.
 */
export function createNotesHandlers(s: EngineServices, deps: NotesDeps): NotesHandlers {
  const stamp = () => new Date(deps.now()).toISOString();
  const write = <T>(caseId: string, fn: (db: Database.Database) => T) =>
    s.writeCase(s.cases.summary(caseId), {}, async () =>
      s.withImportConnection(caseId, (db) => {
        const result = fn(db);
        // Into the case file itself at once (a few pages), not only its WAL: a copy of the
        // .sqlite file taken while Sightline runs carries the note to another machine.
        db.pragma('wal_checkpoint(PASSIVE)');
        return result;
      }),
    );
  return {
    listNotes: ({ caseId, ...q }) => listNotes(s.cases.open(caseId), q),
    addNote: ({ caseId, target, body }) => write(caseId, (db) => addNote(db, target, body, stamp())),
    updateNote: ({ caseId, id, body }) => write(caseId, (db) => updateNote(db, id, body, stamp())),
    deleteNote: ({ caseId, id }) =>
      write(caseId, (db) => {
        deleteNote(db, id);
        return { deleted: id };
      }),
    setTags: ({ caseId, target, tags }) => write(caseId, (db) => setTags(db, target, tags, stamp())),
    listTags: ({ caseId }) => listTags(s.cases.open(caseId)),
  };
}
