import type Database from 'better-sqlite3';
import { MAX_NOTE_CHARS, type FindingNotes, type Note, type NotesList, type NoteTarget, type Tagged, type TagCount } from '../../shared/notes-types.js';
import { InvalidInputError, NotFoundError } from '../errors/index.js';
import { destinationId, hostId, processId } from '../graph/node-id.js';
import { cleanTags, tagKey } from './tags.js';
import { checkTarget, nodeKey, targetFromKey, targetKey } from './target-key.js';

interface NoteRow {
  id: number;
  target: string;
  body: string;
  created_at: string;
  updated_at: string;
}

const NOTE_COLUMNS = 'id, target, body, created_at, updated_at';

function toNote(r: NoteRow): Note {
  return { id: r.id, target: targetFromKey(r.target), body: r.body, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** Newest first: the latest word on a target leads. */
const NEWEST = 'ORDER BY created_at DESC, id DESC';

/** A target's notes (newest first) and tags (in the order they were set): what reports and the details panel show. */
export function notesFor(db: Database.Database, target: NoteTarget): { notes: Note[]; tags: string[] } {
  const key = targetKey(target);
  return {
    notes: (db.prepare(`SELECT ${NOTE_COLUMNS} FROM notes WHERE target = ? ${NEWEST}`).all(key) as NoteRow[]).map(toNote),
    tags: db.prepare('SELECT tag FROM tags WHERE target = ? ORDER BY id').pluck().all(key) as string[],
  };
}

/** Every note of the case, oldest first (a report's order of writing). */
export function allNotes(db: Database.Database): Note[] {
  return (db.prepare(`SELECT ${NOTE_COLUMNS} FROM notes ORDER BY created_at, id`).all() as NoteRow[]).map(toNote);
}

function tagsByTarget(db: Database.Database, where = '', ...params: string[]): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  for (const r of db.prepare(`SELECT target, tag FROM tags ${where} ORDER BY target, id`).all(...params) as { target: string; tag: string }[]) {
    const list = byTarget.get(r.target);
    if (list) list.push(r.tag);
    else byTarget.set(r.target, [r.tag]);
  }
  return byTarget;
}

function groupTags(byTarget: Map<string, string[]>): Tagged[] {
  return [...byTarget].map(([key, tags]) => ({ target: targetFromKey(key), tags }));
}

export interface NotesQuery {
  target?: NoteTarget | undefined;
  search?: string | undefined;
  limit: number;
}

/**
 * Notes and tags by target, by search, or all. A search finds notes by their
 * words (every word, each also as a prefix: "beac" finds "beaconing") and
 * targets by a tag holding the searched text, letter case aside.
 */
export function listNotes(db: Database.Database, q: NotesQuery): NotesList {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const tagWhere: string[] = [];
  const tagParams: string[] = [];
  if (q.target) {
    const key = targetKey(q.target);
    where.push('target = ?');
    params.push(key);
    tagWhere.push('target = ?');
    tagParams.push(key);
  }
  const search = q.search?.trim() ?? '';
  if (search !== '') {
    const fts = ftsQuery(search);
    if (fts !== null) {
      where.push('id IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?)');
      params.push(fts);
    } else {
      where.push("body LIKE ? ESCAPE '\\'");
      params.push(`%${likeEscape(search)}%`);
    }
    // Every tag of a target whose tags hold the text, not just the matching one.
    tagWhere.push("target IN (SELECT target FROM tags WHERE tag_key LIKE ? ESCAPE '\\')");
    tagParams.push(`%${likeEscape(tagKey(search))}%`);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const tagClause = tagWhere.length > 0 ? `WHERE ${tagWhere.join(' AND ')}` : '';
  const total = db.prepare(`SELECT COUNT(*) FROM notes ${clause}`).pluck().get(...params) as number;
  const notes = (db.prepare(`SELECT ${NOTE_COLUMNS} FROM notes ${clause} ${NEWEST} LIMIT ?`).all(...params, q.limit) as NoteRow[]).map(toNote);
  const tags = groupTags(tagsByTarget(db, tagClause, ...tagParams));
  return { notes, tags, total };
}

/**
 * The search as an FTS5 query: each word quoted (so nothing the analyst types
 * is FTS syntax) and matched as a prefix, all words required. Null when the
 * text has no word (punctuation only): the caller matches it as a substring.
 */
export function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}\p{M}_]+/gu);
  if (!words) return null;
  return words
    .slice(0, 16)
    .map((w) => `"${w}"*`)
    .join(' ');
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A note's text as stored, refused with the field named when blank or too long (callers besides the contract: the CLI, tests). */
function checkBody(body: string): string {
  if (body.trim() === '') throw new InvalidInputError('a note is not empty', { field: 'body' });
  if (body.length > MAX_NOTE_CHARS) throw new InvalidInputError(`a note is at most ${MAX_NOTE_CHARS} characters (this one has ${body.length})`, { field: 'body' });
  return body;
}

function noteById(db: Database.Database, id: number): Note {
  const row = db.prepare(`SELECT ${NOTE_COLUMNS} FROM notes WHERE id = ?`).get(id) as NoteRow | undefined;
  if (!row) throw new NotFoundError(`no note ${id} in this case (deleted, or of another case)`, { field: 'id' });
  return toNote(row);
}

export function addNote(db: Database.Database, target: NoteTarget, body: string, now: string): Note {
  const key = checkTarget(target);
  const id = Number(db.prepare('INSERT INTO notes (target, body, created_at, updated_at) VALUES (?, ?, ?, ?)').run(key, checkBody(body), now, now).lastInsertRowid);
  return noteById(db, id);
}

/** The note with its new text; its edit time moves only when the text changed. */
export function updateNote(db: Database.Database, id: number, body: string, now: string): Note {
  const before = noteById(db, id);
  if (before.body === checkBody(body)) return before;
  db.prepare('UPDATE notes SET body = ?, updated_at = ? WHERE id = ?').run(body, now, id);
  return noteById(db, id);
}

export function deleteNote(db: Database.Database, id: number): void {
  if (db.prepare('DELETE FROM notes WHERE id = ?').run(id).changes === 0) noteById(db, id);
}

/** Replaces a target's tags (an empty list removes them); a tag kept keeps its first spelling and time. */
export function setTags(db: Database.Database, target: NoteTarget, tags: readonly string[], now: string): Tagged {
  const stored = checkTarget(target);
  const wanted = cleanTags(tags);
  db.transaction(() => {
    const had = new Map((db.prepare('SELECT tag_key, tag FROM tags WHERE target = ?').all(stored) as { tag_key: string; tag: string }[]).map((r) => [r.tag_key, r.tag]));
    const keys = new Set(wanted.map(tagKey));
    const remove = db.prepare('DELETE FROM tags WHERE target = ? AND tag_key = ?');
    for (const key of had.keys()) if (!keys.has(key)) remove.run(stored, key);
    const insert = db.prepare('INSERT INTO tags (target, tag, tag_key, created_at) VALUES (?, ?, ?, ?)');
    for (const tag of wanted) if (!had.has(tagKey(tag))) insert.run(stored, tag, tagKey(tag), now);
  })();
  return { target, tags: notesFor(db, target).tags };
}

/** Every tag of the case (one spelling each), with on how many targets it is, most used first. */
export function listTags(db: Database.Database): TagCount[] {
  return db.prepare('SELECT MIN(tag) AS tag, COUNT(*) AS targets FROM tags GROUP BY tag_key ORDER BY targets DESC, tag_key').all() as TagCount[];
}

export interface FindingUnit {
  host: string;
  process: string | null;
  dst: string;
  dport: number | null;
}

/**
 * For each finding, the notes and tags about it and about its destination
 * (the node the findings list opens). Read in two queries over the case's
 * notes and tags, which are few (written by hand), whatever the findings.
 */
export function findingNotes(db: Database.Database, findings: readonly FindingUnit[]): FindingNotes[] {
  const counts = new Map((db.prepare('SELECT target, COUNT(*) AS n FROM notes GROUP BY target').all() as { target: string; n: number }[]).map((r) => [r.target, r.n]));
  const tags = tagsByTarget(db);
  return findings.map((f) => {
    const keys = findingKeys(f);
    return { notes: keys.reduce((n, key) => n + (counts.get(key) ?? 0), 0), tags: unionTags(keys.map((key) => tags.get(key) ?? [])) };
  });
}

/** The case's notes and tags as a report reads them: read once, then looked up per finding. */
export interface ReportNotes {
  /** Every note of the case, oldest first. */
  all: Note[];
  /** What the analyst wrote about a finding: its own notes and tags and its destination's (notes newest first). */
  aboutFinding(f: FindingUnit): { notes: Note[]; tags: string[] };
}

/** Every note and tag of the case in two queries (they are few: written by hand), for a report of any number of findings. */
export function reportNotes(db: Database.Database): ReportNotes {
  const all = allNotes(db);
  const byTarget = new Map<string, Note[]>();
  for (const n of all) {
    const key = targetKey(n.target);
    const list = byTarget.get(key);
    if (list) list.push(n);
    else byTarget.set(key, [n]);
  }
  const tags = tagsByTarget(db);
  return {
    all,
    aboutFinding(f) {
      const keys = findingKeys(f);
      const notes = keys.flatMap((key) => byTarget.get(key) ?? []).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
      return { notes, tags: unionTags(keys.map((key) => tags.get(key) ?? [])) };
    },
  };
}

/** The targets whose notes and tags a finding carries: itself, then its destination. */
function findingKeys(f: FindingUnit): string[] {
  return [targetKey({ kind: 'finding', ...f }), nodeKey(destinationId(f.dst))];
}

/** Tags of several targets, each tag once (its first spelling). */
function unionTags(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of lists.flat()) {
    if (seen.has(tagKey(tag))) continue;
    seen.add(tagKey(tag));
    out.push(tag);
  }
  return out;
}

/**
 * Whether a finding is found by a search through what the analyst wrote: a
 * note with the words, or a tag holding the text, on the finding itself or on
 * its host, process or destination.
 */
export function notesMatcher(db: Database.Database, search: string): (f: FindingUnit) => boolean {
  const found = listNotes(db, { search, limit: 10_000 });
  const keys = new Set([...found.notes.map((n) => targetKey(n.target)), ...found.tags.map((t) => targetKey(t.target))]);
  if (keys.size === 0) return () => false;
  return (f) =>
    keys.has(targetKey({ kind: 'finding', ...f })) ||
    keys.has(nodeKey(destinationId(f.dst))) ||
    keys.has(nodeKey(hostId(f.host))) ||
    (f.process !== null && keys.has(nodeKey(processId(f.host, f.process))));
}
