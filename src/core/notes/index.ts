/**
 * The analyst's notes and tags on nodes and findings, kept in the case file
 * (schema 13). `notesFor` and `allNotes` are what reports read.
 */
export { allNotes, allTags, findingNotes, listNotes, listTags, notesAboutFinding, notesFor, notesMatcher, type FindingUnit } from './notes-store.js';
export { createNotesHandlers, type NotesDeps } from './notes-handlers.js';
export { targetKey } from './target-key.js';
export { cleanTags, tagKey } from './tags.js';
