import type Database from 'better-sqlite3';

/**
 * The IoC store's revision: bumped by every change that can change a match or
 * a score (new sightings, verdicts, the allowlist, a source's trust, the
 * decay model). Findings remember the revision they were computed at, so a
 * case knows when its matches are stale and must be hunted again.
 *
 * Each indicator keeps the revision it last changed at (`changed_revision`:
 * a new sighting, a wider first/last seen, a verdict, the allowlist), so a
 * case matched at revision R is matched again against only what changed
 * since (retro-hunt). A change that moves every score (a source's trust, the
 * decay model) is global: it sets `intel_global_revision`, and a case
 * matched before it is matched again in full.
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

/** The revision the change being written will carry: call inside its transaction, then bump once it is written. */
export function pendingIntelRevision(db: Database.Database): number {
  return intelRevision(db) + 1;
}

/** Marks the stored indicator with this value (if any) as changed at the pending revision: a verdict or the allowlist changed. */
export function markIndicatorChanged(db: Database.Database, type: string, value: string): void {
  db.prepare('UPDATE indicators SET changed_revision = ? WHERE type = ? AND value = ?').run(pendingIntelRevision(db), type, value);
}

/** A change of every score (trust, decay model): bumps and remembers the revision, so earlier matches are redone in full. */
export function bumpIntelRevisionGlobally(db: Database.Database): void {
  db.transaction(() => {
    bumpIntelRevision(db);
    db.prepare(
      `INSERT INTO settings (key, value) VALUES ('intel_global_revision', ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ).run(String(intelRevision(db)));
  })();
}

/** The last revision at which every score changed; 0 when none did. */
export function intelGlobalRevision(db: Database.Database): number {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'intel_global_revision'").get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}
