/**
 * The analyst's notes and tags on nodes and findings, kept in the case file
 * (schema 13, their target one key since 15). `reportNotes` is what reports read.
 */
export { allNotes, findingNotes, listNotes, listTags, notesFor, notesMatcher, reportNotes, type FindingUnit, type ReportNotes } from './notes-store.js';
export { createNotesHandlers, type NotesDeps } from './notes-handlers.js';
export { targetKey } from './target-key.js';
export { cleanTags, tagKey } from './tags.js';
