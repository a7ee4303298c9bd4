import type Database from 'better-sqlite3';

/**
 * The IoC store's revision: bumped by every change that can change a match or
 * a score (new sightings, verdicts, the allowlist, a source's trust, the
 * decay model). Findings remember the revision they were computed at, so a
 * case knows when its matches are stale and must be hunted again.
 */
export function intelRevision(db: Database.Database): number {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'intel_revision'").get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

export function bumpIntelRevision(db: Database.Database): void {
  db.prepare(
    `INSERT INTO settings (key, value) VALUES ('intel_revision', '1')
     ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
  ).run();
}
