import type Database from 'better-sqlite3';

/**
 * What a note or a tag is about, as columns both tables share. `target` is the
 * target as target-key.ts writes it (one string per node or finding unit); the
 * others said the same in parts, for joining findings (image '' = no process,
 * dst_port -1 = every port, as in the findings table). Nothing read them:
 * migration 15 drops them (`dropTargetParts`).
 */
const TARGET_PARTS = ['kind', 'node_id', 'host', 'image', 'dst_ip', 'dst_port'] as const;
const TARGET_COLUMNS = `
          target TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('node', 'finding')),
          node_id TEXT,
          host TEXT,
          image TEXT,
          dst_ip TEXT,
          dst_port INTEGER,`;

/**
 * The notes and tags tables (case schema 13), and the notes' word index.
 * No revision triggers, unlike verdicts and allowlist rules: a note or a tag
 * changes no score, so it must not mark the analysis stale (the UI analyses
 * a stale case again at once). Case migration 13 runs this: like a released
 * migration it is never edited; a change to these tables is a new migration.
 */
export function createNotesTables(db: Database.Database): void {
  db.exec(`
        CREATE TABLE IF NOT EXISTS notes (
          id INTEGER PRIMARY KEY,${TARGET_COLUMNS}
          body TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS notes_target ON notes(target, id);
        CREATE INDEX IF NOT EXISTS notes_finding ON notes(dst_ip, host, image, dst_port) WHERE kind = 'finding';
        -- tag_key: the tag folded (tags.ts), so "C2" and "c2" are one tag of a target.
        CREATE TABLE IF NOT EXISTS tags (
          id INTEGER PRIMARY KEY,${TARGET_COLUMNS}
          tag TEXT NOT NULL,
          tag_key TEXT NOT NULL,
          created_at TEXT NOT NULL,
          UNIQUE (target, tag_key)
        );
        CREATE INDEX IF NOT EXISTS tags_key ON tags(tag_key);
        -- Words of the notes (external content: the text is kept once, in notes), kept in step by triggers.
        CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5(body, content='notes', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER IF NOT EXISTS notes_fts_insert AFTER INSERT ON notes BEGIN
          INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body); END;
        CREATE TRIGGER IF NOT EXISTS notes_fts_delete AFTER DELETE ON notes BEGIN
          INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', old.id, old.body); END;
        CREATE TRIGGER IF NOT EXISTS notes_fts_update AFTER UPDATE OF body ON notes BEGIN
          INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
          INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body); END;
      `);
}

/**
 * Case migration 15: notes and tags keep their target as the one key
 * (`target`), which every read goes by (notes_target, the tags' UNIQUE). The
 * same target in parts and the index over them were written, never read: a
 * second spelling of the key that could only drift from it. Dropping columns
 * keeps every row, its id (the notes' word index refers to it), target, text
 * and times.
 */
export function dropTargetParts(db: Database.Database): void {
  db.exec('DROP INDEX IF EXISTS notes_finding');
  for (const table of ['notes', 'tags']) for (const column of TARGET_PARTS) db.exec(`ALTER TABLE ${table} DROP COLUMN ${column}`);
}
