import type Database from 'better-sqlite3';
import { isPort, isStorableTime } from '../../bounds.js';
import { refreshScores } from './ingest.js';

const storable = (v: unknown): boolean => typeof v === 'string' && isStorableTime(Date.parse(v));

/**
 * Versions before the bounds (core/bounds.ts) stored what intel files held:
 * a STIX date in year 275760, a MISP timestamp past what JS dates hold, a
 * TweetFeed date of year 0, a bundle's port of 1e20 or trust of 1e308. A
 * lookup or the indicator table then failed ("Invalid time value") for as long
 * as the store held it. This takes each such value as an import now does: a
 * sighting time no clock shows becomes the time it was imported (it was
 * sighted no later than that), a port out of bounds is dropped, an
 * indicator's first and last seen are taken from its sightings again, a trust
 * is held to 0..1 and the scores it fed are recomputed. Run once per data
 * home, by a migration.
 */
export function repairIntelOutOfBounds(db: Database.Database, now = Date.now()): void {
  const nowIso = new Date(now).toISOString();
  const touched = new Set<number>();

  const fixSighting = db.prepare('UPDATE sightings SET seen_at = ?, port = ? WHERE id = ?');
  const sightings = db.prepare('SELECT id, indicator_id AS indicator, seen_at AS seenAt, imported_at AS importedAt, port FROM sightings').iterate() as Iterable<{
    id: number;
    indicator: number;
    seenAt: unknown;
    importedAt: unknown;
    port: unknown;
  }>;
  const badSightings: { id: number; indicator: number; seenAt: string; port: number | null }[] = [];
  for (const s of sightings) {
    const timeOk = storable(s.seenAt);
    const portOk = s.port === null || (typeof s.port === 'number' && isPort(s.port));
    if (timeOk && portOk) continue;
    const seenAt = timeOk ? (s.seenAt as string) : storable(s.importedAt) ? (s.importedAt as string) : nowIso;
    badSightings.push({ id: s.id, indicator: s.indicator, seenAt, port: portOk ? (s.port as number | null) : null });
  }
  for (const s of badSightings) {
    fixSighting.run(s.seenAt, s.port, s.id);
    touched.add(s.indicator);
  }

  const indicators = db.prepare('SELECT id, first_seen AS first, last_seen AS last FROM indicators').all() as { id: number; first: unknown; last: unknown }[];
  const span = db.prepare('SELECT MIN(seen_at) AS first, MAX(seen_at) AS last FROM sightings WHERE indicator_id = ?');
  const fixIndicator = db.prepare('UPDATE indicators SET first_seen = ?, last_seen = ? WHERE id = ?');
  for (const i of indicators) {
    if (!touched.has(i.id) && storable(i.first) && storable(i.last)) continue;
    const seen = span.get(i.id) as { first: string | null; last: string | null };
    const own = storable(i.first) ? (i.first as string) : storable(i.last) ? (i.last as string) : nowIso;
    fixIndicator.run(seen.first ?? (storable(i.first) ? i.first : own), seen.last ?? (storable(i.last) ? i.last : own), i.id);
  }

  for (const [table, column] of [
    ['verdicts', 'decided_at'],
    ['allowlist', 'added_at'],
  ] as const) {
    const rows = db.prepare(`SELECT type, value, ${column} AS at FROM ${table}`).all() as { type: string; value: string; at: unknown }[];
    const fix = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE type = ? AND value = ?`);
    for (const r of rows) if (!storable(r.at)) fix.run(nowIso, r.type, r.value);
  }

  const sources = db.prepare('SELECT id, trust FROM intel_sources').all() as { id: number; trust: unknown }[];
  const fixTrust = db.prepare('UPDATE intel_sources SET trust = ? WHERE id = ?');
  const sighted = db.prepare('SELECT DISTINCT indicator_id AS id FROM sightings WHERE source_id = ?').pluck();
  for (const s of sources) {
    const t = typeof s.trust === 'number' ? s.trust : NaN;
    if (t >= 0 && t <= 1) continue;
    fixTrust.run(t > 1 ? 1 : 0, s.id);
    for (const id of sighted.all(s.id) as number[]) touched.add(id);
  }
  refreshScores(db, touched);
}
