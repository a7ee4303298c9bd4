import type Database from 'better-sqlite3';
import type { Verdict } from '../../../shared/types.js';
import { baseScore, decayedScoreMs } from '../decay.js';
import type { IndicatorType } from '../indicator-types.js';
import { effectiveScore, withVerdict, type ScoreAt } from '../store/queries.js';
import type { Citation } from './types.js';

interface SightingRow {
  id: number;
  sourceId: number;
  source: string;
  trust: number;
  seenMs: number;
}

/** What the store knows of one indicator, read once per matched indicator. */
export interface IndicatorFacts {
  type: IndicatorType;
  value: string;
  firstSeen: string;
  lastSeen: string;
  base: number;
  verdict: Verdict | null;
  verdictNote: string | null;
  verdictAt: string | null;
  allowlisted: { note: string | null; since: string } | null;
  labels: string[];
  /** Every sighting, oldest first: the score as of any time is computed from those posted by then. */
  sightings: SightingRow[];
}

/** Reads indicators' facts by (type, value), with prepared statements reused across the many hits of a case. */
export function createFactsReader(db: Database.Database): {
  facts(type: IndicatorType, value: string): IndicatorFacts | null;
  cite(sightingIds: readonly number[]): Citation[];
} {
  const row = db.prepare(
    `SELECT i.id, i.first_seen, i.last_seen, i.base, v.verdict, v.note AS verdictNote, v.decided_at AS verdictAt, a.note AS allowNote, a.added_at AS allowedAt
     FROM indicators i LEFT JOIN verdicts v ON v.type = i.type AND v.value = i.value LEFT JOIN allowlist a ON a.type = i.type AND a.value = i.value
     WHERE i.type = ? AND i.value = ?`,
  );
  const sightings = db.prepare(
    `SELECT g.id, g.source_id AS sourceId, s.name AS source, s.trust, g.seen_at AS seenAt
     FROM sightings g JOIN intel_sources s ON s.id = g.source_id WHERE g.indicator_id = ? ORDER BY g.seen_at, g.id`,
  );
  const labels = db.prepare('SELECT label FROM indicator_labels WHERE indicator_id = ? ORDER BY label').pluck();
  const cited = db.prepare(
    `SELECT s.name AS source, g.author, g.seen_at AS postedAt, g.text, g.post_url AS link, g.ref
     FROM sightings g JOIN intel_sources s ON s.id = g.source_id WHERE g.id = ?`,
  );
  const cache = new Map<string, IndicatorFacts | null>();
  return {
    facts(type, value) {
      const key = `${type} ${value}`;
      if (cache.has(key)) return cache.get(key) ?? null;
      const r = row.get(type, value) as
        | { id: number; first_seen: string; last_seen: string; base: number; verdict: Verdict | null; verdictNote: string | null; verdictAt: string | null; allowNote: string | null; allowedAt: string | null }
        | undefined;
      const facts: IndicatorFacts | null = r
        ? {
            type,
            value,
            firstSeen: r.first_seen,
            lastSeen: r.last_seen,
            base: r.base,
            verdict: r.verdict,
            verdictNote: r.verdictNote,
            verdictAt: r.verdictAt,
            allowlisted: r.allowedAt === null ? null : { note: r.allowNote, since: r.allowedAt },
            labels: labels.all(r.id) as string[],
            sightings: (sightings.all(r.id) as (Omit<SightingRow, 'seenMs'> & { seenAt: string })[]).map((s) => ({
              id: s.id, sourceId: s.sourceId, source: s.source, trust: s.trust, seenMs: Date.parse(s.seenAt),
            })),
          }
        : null;
      cache.set(key, facts);
      return facts;
    },
    cite(ids) {
      return ids.map((id) => cited.get(id) as Citation);
    },
  };
}

/** The score now, exactly as lookups and the indicator table show it. */
export function scoreNow(f: IndicatorFacts, at: ScoreAt): { score: number; expired: boolean } {
  return effectiveScore({ type: f.type, last_seen: f.lastSeen, base: f.base, verdict: f.verdict }, at);
}

/**
 * The score as of `time` from what was known then: the sightings posted by
 * then, their sources' trust corroborated as at ingest (baseScore), decayed
 * from the last of them to `time` with the model in force, the verdict
 * applied. Null when nothing had been posted by then.
 */
export function scoreAsOf(f: IndicatorFacts, time: number, at: ScoreAt): { score: number; expired: boolean; known: SightingRow[] } | null {
  const known = f.sightings.filter((s) => s.seenMs <= time);
  if (known.length === 0) return null;
  const trusts = new Map<number, number>();
  for (const s of known) trusts.set(s.sourceId, s.trust);
  const base = baseScore([...trusts.values()]);
  // Sightings are in time order: the last known is the last sighting.
  const last = (known[known.length - 1] as SightingRow).seenMs;
  return { ...withVerdict(decayedScoreMs(base, f.type, last, time, at.model), base, f.verdict), known };
}
