import type Database from 'better-sqlite3';
import { storableIso } from '../../bounds.js';
import { longestLifetimeMs, type DecayModel } from '../decay.js';
import { Ingestor } from '../store/ingest.js';
import type { WarninglistMatcher } from '../warninglists/index.js';
import { postRecords, type SocialPost } from './post-records.js';
import { saveCursor, type SourceRow } from './source-state.js';


/**
 * How far back the first sync of a Mastodon or Bluesky source reads: as far
 * as any indicator could still score (the longest decay τ in force, 365
 * days for hashes by default). Older posts would only add expired indicators, and an old bot
 * account can have tens of thousands of them.
 */
export function backfillSince(now: number, model: DecayModel): number {
  return now - longestLifetimeMs(model);
}

/**
 * Stores one page: its sightings and the cursor that says the page was read,
 * in one transaction (as the X sync does), so a crash or a stop between
 * pages never loses or repeats a page.
 */
export function commitPage(db: Database.Database, source: SourceRow, posts: readonly SocialPost[], cursor: object, now: number, warninglists?: WarninglistMatcher): { newIndicators: number; newSightings: number } {
  db.exec('BEGIN IMMEDIATE');
  try {
    const ingestor = new Ingestor(db);
    const importedAt = new Date(now).toISOString();
    for (const post of posts) for (const r of postRecords(post, source.name, warninglists)) ingestor.add({ ...r, sourceId: source.id }, importedAt);
    ingestor.finish();
    saveCursor(db, source.id, cursor as Record<string, unknown>);
    db.exec('COMMIT');
    return { ...ingestor.counts };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/** A post time as stored: a valid ISO time, never later than now (a future date would never decay), now when it is no storable time. */
export function postTime(raw: unknown, now: number): string {
  return storableIso(Math.min(typeof raw === 'string' ? Date.parse(raw) : NaN, now)) ?? new Date(now).toISOString();
}

/** An http(s) link to the post, or null: anything else must never become a clickable URL. */
export function webUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
