import type Database from 'better-sqlite3';
import { intelGlobalRevision, intelRevision } from '../store/revision.js';
import { matchCase, type MatchOptions } from './match-case.js';
import type { CaseIntelMatches, CaseObservables, Citation, IntelMatchHit } from './types.js';

/** What changed in the IoC store since a case was matched at `since`. */
export interface IntelChanges {
  since: number;
  /** The store's revision now. */
  revision: number;
  /** Every score moved since (a source's trust, the decay model): only a full match is right. */
  full: boolean;
  /** Indicators added or changed since (all of them when `full`). */
  indicators: number;
}

export function intelChangesSince(db: Database.Database, since: number): IntelChanges {
  const revision = intelRevision(db);
  const full = intelGlobalRevision(db) > since;
  const indicators = full
    ? (db.prepare('SELECT COUNT(*) FROM indicators').pluck().get() as number)
    : (db.prepare('SELECT COUNT(*) FROM indicators WHERE changed_revision > ?').pluck().get(since) as number);
  return { since, revision, full, indicators };
}

/** A hit a retro-hunt found, with the post that brought it (the sighting imported last). */
export interface RetroHuntAnnouncement {
  /** The destination address or the hash (`sha256:…`) that now has a hit. */
  observable: string;
  hit: IntelMatchHit;
  cause: Citation | null;
}

export interface RetroHuntResult {
  changes: IntelChanges;
  /** Matches against the changed indicators only (every indicator when changes.full). */
  matches: CaseIntelMatches;
  announcements: RetroHuntAnnouncement[];
}

/**
 * A case matched at IoC store revision `since`, matched again against only
 * what was added or changed since (or in full after a change of every score).
 * Hits that are still hits because an indicator gained a sighting come back
 * too: the caller compares with what it stored. Suppressed hits are in
 * `matches` but never announced.
 */
export function retroHunt(db: Database.Database, observables: CaseObservables, since: number, options: Omit<MatchOptions, 'since'>): RetroHuntResult {
  // One snapshot for the count, the matches and the posts cited (matchCase's own transaction nests in it).
  return db.transaction(() => huntSnapshot(db, observables, since, options))();
}

function huntSnapshot(db: Database.Database, observables: CaseObservables, since: number, options: Omit<MatchOptions, 'since'>): RetroHuntResult {
  const changes = intelChangesSince(db, since);
  const matches = matchCase(db, observables, changes.full ? options : { ...options, since });
  const cause = db.prepare(
    `SELECT s.name AS source, g.author, g.seen_at AS postedAt, g.text, g.post_url AS link, g.ref
     FROM sightings g JOIN intel_sources s ON s.id = g.source_id JOIN indicators i ON i.id = g.indicator_id
     WHERE i.type = ? AND i.value = ? ORDER BY g.imported_at DESC, g.seen_at DESC, g.id DESC LIMIT 1`,
  );
  const announce = (observable: string, hit: IntelMatchHit): RetroHuntAnnouncement => ({
    observable,
    hit,
    cause: (cause.get(hit.type, hit.value) as Citation | undefined) ?? null,
  });
  const announcements = [
    ...matches.addresses.flatMap((a) => a.hits.map((h) => announce(a.ip, h))),
    ...matches.hashes.flatMap((x) => x.hits.map((h) => announce(`${x.type}:${x.value}`, h))),
  ];
  return { changes, matches, announcements };
}
