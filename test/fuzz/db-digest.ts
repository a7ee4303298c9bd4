import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';

/**
 * A SHA-256 over a SQLite database's content, read on a connection of its
 * own (not the engine's code): the schema, `user_version`, and every row of
 * every table (sqlite_sequence included, so a rolled-back insert that moved
 * an id counter shows). Null when the file does not exist.
 */
export function dbDigest(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = crypto.createHash('sha256');
    hash.update(`user_version ${String(db.pragma('user_version', { simple: true }))}\n`);
    const objects = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY type, name").all() as { type: string; name: string; sql: string | null }[];
    for (const o of objects) {
      hash.update(`${o.type} ${o.name} ${o.sql ?? ''}\n`);
      if (o.type !== 'table') continue;
      for (const row of db.prepare(`SELECT * FROM "${o.name.replace(/"/g, '""')}"`).raw().iterate() as Iterable<unknown[]>) {
        hash.update(JSON.stringify(row));
        hash.update('\n');
      }
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
