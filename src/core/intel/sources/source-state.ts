import type Database from 'better-sqlite3';
import type { SyncOutcome } from './sync-types.js';

/**
 * What a syncable source is doing, as the UI and CLI show it. Each error
 * state carries a sentence that says what to do about it.
 */
export type SourceState = 'idle' | 'syncing' | 'ok' | 'waiting' | 'rate-limited' | 'unauthorized' | 'no-credits' | 'forbidden' | 'usage-capped' | 'not-found' | 'unavailable' | 'offline' | 'no-token';

export interface SourceRow {
  id: number;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  cursor: Record<string, unknown>;
  enabled: boolean;
  nextAllowedAt: string | null;
}

export function readSources(db: Database.Database, kinds: readonly string[], name?: string): SourceRow[] {
  const rows = db
    .prepare(`SELECT id, name, kind, config, cursor, enabled, next_allowed_at FROM intel_sources WHERE kind IN (${kinds.map(() => '?').join(',')}) ORDER BY name`)
    .all(...kinds) as { id: number; name: string; kind: string; config: string; cursor: string; enabled: number; next_allowed_at: string | null }[];
  return rows
    .filter((r) => name === undefined || r.name === name)
    .map((r) => ({ id: r.id, name: r.name, kind: r.kind, config: JSON.parse(r.config), cursor: JSON.parse(r.cursor), enabled: r.enabled === 1, nextAllowedAt: r.next_allowed_at }));
}

export function saveCursor(db: Database.Database, id: number, cursor: Record<string, unknown>): void {
  db.prepare('UPDATE intel_sources SET cursor = ? WHERE id = ?').run(JSON.stringify(cursor), id);
}

export function saveConfig(db: Database.Database, id: number, config: Record<string, unknown>): void {
  db.prepare('UPDATE intel_sources SET config = ? WHERE id = ?').run(JSON.stringify(config), id);
}

export function setState(db: Database.Database, id: number, state: SourceState, detail: string | null, nextAllowedAt: string | null = null, synced = false): void {
  db.prepare(
    `UPDATE intel_sources SET state = ?, state_detail = ?, next_allowed_at = ?${synced ? ', last_sync_at = ?' : ''} WHERE id = ?`,
  ).run(...([state, detail, nextAllowedAt, ...(synced ? [new Date().toISOString()] : []), id] as (string | number | null)[]));
}

/** A run's outcome before anything happened. */
export function newOutcome(source: SourceRow): SyncOutcome {
  return { source: source.name, state: 'ok', detail: null, posts: 0, newIndicators: 0, newSightings: 0, complete: false };
}

const CANCELLED = 'cancelled; the next sync continues from here';

/** The caller cancelled: the source is idle again and its cursor is where the last stored page left it. */
export function cancelledOutcome(db: Database.Database, source: SourceRow, outcome: SyncOutcome): SyncOutcome {
  setState(db, source.id, 'idle', CANCELLED);
  return { ...outcome, state: 'idle', detail: CANCELLED };
}
