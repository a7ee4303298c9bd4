import type Database from 'better-sqlite3';

/** Small key/value settings kept in the home database. */
export class Settings {
  private readonly getStmt: Database.Statement<[string], { value: string }>;
  private readonly setStmt: Database.Statement<[string, string]>;
  private readonly deleteStmt: Database.Statement<[string]>;
  constructor(db: Database.Database) {
    this.deleteStmt = db.prepare('DELETE FROM settings WHERE key = ?');
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }
  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }
  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }
  delete(key: string): void {
    this.deleteStmt.run(key);
  }
}
