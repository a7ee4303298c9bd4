import type Database from 'better-sqlite3';
import type {
  IntelIndicatorQuery,
  IntelIndicatorRow,
  IntelLookup,
  IntelSighting,
  IntelSource,
  IntelStats,
  Verdict,
} from '../../../shared/types.js';
import { intelIndicatorQuerySchema } from '../../../shared/types.js';
import { ipv4ToInt } from '../../net/index.js';
import { decayedScore, expiresAt, type DecayModel } from '../decay.js';
import type { IndicatorType } from '../indicator-types.js';
import { guessIndicatorType, normaliseIndicator } from '../normalise-indicator.js';

interface IndicatorDbRow {
  id: number;
  type: IndicatorType;
  value: string;
  first_seen: string;
  last_seen: string;
  source_count: number;
  base: number;
  verdict: Verdict | null;
}

/** The moment a score is taken at, and the decay model it is taken with. */
export interface ScoreAt {
  now: number;
  model: DecayModel;
}

/** Score as analysts see it: decayed, 0 for false positives, and never decayed for confirmed ones. */
export function effectiveScore(r: Pick<IndicatorDbRow, 'type' | 'last_seen' | 'base' | 'verdict'>, at: ScoreAt): { score: number; expired: boolean } {
  return withVerdict(decayedScore(r.base, r.type, r.last_seen, at.now, at.model), r.base, r.verdict);
}

/** What a verdict does to a decayed score: the one rule effectiveScore() and the matchers share. */
export function withVerdict(decayed: number, base: number, verdict: Verdict | null): { score: number; expired: boolean } {
  if (verdict === 'false-positive') return { score: 0, expired: decayed === 0 };
  if (verdict === 'confirmed') return { score: base, expired: false };
  return { score: decayed, expired: decayed === 0 };
}

/**
 * The same score as effectiveScore(), as a SQL expression over `i` (indicators)
 * and `v` (verdicts), so a million-row table sorts and filters in SQLite's C
 * rather than calling back into JavaScript per row. Bind the current time as
 * a Julian day where `?` stands. τ and δ are numbers from the model, inlined.
 */
function scoreSql(model: DecayModel): string {
  const tau = `CASE i.type ${Object.entries(model.tauDays).map(([t, d]) => `WHEN '${t}' THEN ${Number(d)}`).join(' ')} ELSE 30 END`;
  const t = `MAX(0.0, ? - julianday(i.last_seen))`;
  return `(CASE WHEN v.verdict = 'false-positive' THEN 0.0 WHEN v.verdict = 'confirmed' THEN i.base
    ELSE MAX(0.0, i.base * (1.0 - pow(MIN(1.0, ${t} / (${tau})), 1.0 / ${Number(model.delta)}))) END)`;
}

/** Now as SQLite's julianday(): days since noon UTC, 24 Nov 4714 BC. */
function julian(now: number): number {
  return now / 86_400_000 + 2440587.5;
}

const INDICATOR_COLUMNS = `i.id, i.type, i.value, i.first_seen, i.last_seen, i.source_count, i.base, v.verdict`;
const INDICATOR_FROM = `indicators i LEFT JOIN verdicts v ON v.type = i.type AND v.value = i.value`;

export function lookupValue(db: Database.Database, query: string, at: ScoreAt): IntelLookup {
  const type = guessIndicatorType(query);
  const value = type ? normaliseIndicator(type, query) : null;
  const empty: IntelLookup = {
    query, type, value, found: false, score: 0, expired: false, expiresAt: null, sources: [], sightings: 0,
    firstSeen: null, lastSeen: null, labels: [], verdict: null, allowlisted: false, networks: [],
  };
  if (!type || !value) return empty;
  const row = db.prepare(`SELECT ${INDICATOR_COLUMNS} FROM ${INDICATOR_FROM} WHERE i.type = ? AND i.value = ?`).get(type, value) as IndicatorDbRow | undefined;
  const verdict = row?.verdict ?? ((db.prepare('SELECT verdict FROM verdicts WHERE type = ? AND value = ?').pluck().get(type, value) as Verdict | undefined) ?? null);
  const allowlisted = db.prepare('SELECT 1 FROM allowlist WHERE type = ? AND value = ?').get(type, value) !== undefined;
  const networks = type === 'ipv4' ? containingNetworks(db, value, at) : [];
  if (!row) return { ...empty, verdict, allowlisted, networks };
  const { score, expired } = effectiveScore(row, at);
  return {
    query, type, value, found: true,
    score: allowlisted ? 0 : score,
    expired,
    expiresAt: expiresAt(row.type, row.last_seen, at.model),
    sources: sourcesOf(db, row.id),
    sightings: db.prepare('SELECT COUNT(*) FROM sightings WHERE indicator_id = ?').pluck().get(row.id) as number,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    labels: labelsOf(db, row.id),
    verdict,
    allowlisted,
    networks,
  };
}

function containingNetworks(db: Database.Database, ip: string, at: ScoreAt): IntelLookup['networks'] {
  const n = ipv4ToInt(ip);
  const rows = db
    .prepare(`SELECT ${INDICATOR_COLUMNS} FROM ${INDICATOR_FROM} WHERE i.type = 'cidr' AND i.ip_lo <= ? AND i.ip_hi >= ? ORDER BY i.ip_hi - i.ip_lo`)
    .all(n, n) as IndicatorDbRow[];
  return rows.map((r) => ({ cidr: r.value, ...effectiveScore(r, at), sources: sourcesOf(db, r.id) }));
}

function sourcesOf(db: Database.Database, indicatorId: number): string[] {
  return db
    .prepare('SELECT DISTINCT s.name FROM sightings g JOIN intel_sources s ON s.id = g.source_id WHERE g.indicator_id = ? ORDER BY s.name')
    .pluck()
    .all(indicatorId) as string[];
}

function labelsOf(db: Database.Database, indicatorId: number): string[] {
  return db.prepare('SELECT label FROM indicator_labels WHERE indicator_id = ? ORDER BY label').pluck().all(indicatorId) as string[];
}

export function intelStats(db: Database.Database, at: ScoreAt): IntelStats {
  const byType = Object.fromEntries(
    (db.prepare('SELECT type, COUNT(*) AS n FROM indicators GROUP BY type').all() as { type: string; n: number }[]).map((r) => [r.type, r.n]),
  );
  const indicators = Object.values(byType).reduce((a, b) => a + b, 0);
  const active = db.prepare(`SELECT COUNT(*) FROM ${INDICATOR_FROM} WHERE ${scoreSql(at.model)} > 0`).pluck().get(julian(at.now)) as number;
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    indicators,
    byType,
    active,
    expired: indicators - active,
    sightings: count('SELECT COUNT(*) FROM sightings'),
    sources: count('SELECT COUNT(*) FROM intel_sources'),
    falsePositives: count("SELECT COUNT(*) FROM verdicts WHERE verdict = 'false-positive'"),
    confirmed: count("SELECT COUNT(*) FROM verdicts WHERE verdict = 'confirmed'"),
    allowlisted: count('SELECT COUNT(*) FROM allowlist'),
  };
}

export function listSources(db: Database.Database): IntelSource[] {
  const rows = db
    .prepare(
      `SELECT s.*, (SELECT COUNT(DISTINCT indicator_id) FROM sightings WHERE source_id = s.id) AS indicators,
              (SELECT COUNT(*) FROM sightings WHERE source_id = s.id) AS sightings
       FROM intel_sources s ORDER BY s.name`,
    )
    .all() as { id: number; name: string; kind: string; trust: number; enabled: number; state: string; state_detail: string | null; last_sync_at: string | null; next_allowed_at: string | null; indicators: number; sightings: number }[];
  return rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind, trust: r.trust, enabled: r.enabled === 1, state: r.state, stateDetail: r.state_detail,
    lastSyncAt: r.last_sync_at, nextAllowedAt: r.next_allowed_at, indicators: r.indicators, sightings: r.sightings,
  }));
}

/** One page of the indicator table, filtered, newest first (index order) or by score. */
export function listIndicators(db: Database.Database, input: IntelIndicatorQuery, at: ScoreAt): { total: number; rows: IntelIndicatorRow[] } {
  const { now } = at;
  const q = intelIndicatorQuerySchema.parse(input);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.search) {
    where.push(`i.value LIKE ? ESCAPE '\\'`);
    params.push(`%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (q.type) {
    where.push('i.type = ?');
    params.push(q.type);
  }
  if (q.source) {
    where.push('i.id IN (SELECT g.indicator_id FROM sightings g JOIN intel_sources s ON s.id = g.source_id WHERE s.name = ?)');
    params.push(q.source);
  }
  if (q.label) {
    where.push('i.id IN (SELECT indicator_id FROM indicator_labels WHERE label = ?)');
    params.push(q.label.toLowerCase());
  }
  if (q.maxAgeDays !== undefined) {
    where.push('i.last_seen >= ?');
    params.push(new Date(now - q.maxAgeDays * 86_400_000).toISOString());
  }
  const scoreExpr = scoreSql(at.model);
  if (q.minScore !== undefined) {
    where.push(`${scoreExpr} >= ?`);
    params.push(julian(now), q.minScore);
  }
  if (!q.includeExpired) {
    where.push(`${scoreExpr} > 0`);
    params.push(julian(now));
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT COUNT(*) FROM ${INDICATOR_FROM} ${clause}`).pluck().get(...params) as number;
  const rows = db
    .prepare(
      q.sort === 'score'
        ? `SELECT ${INDICATOR_COLUMNS} FROM ${INDICATOR_FROM} ${clause} ORDER BY ${scoreExpr} DESC, i.last_seen DESC, i.id LIMIT ? OFFSET ?`
        : `SELECT ${INDICATOR_COLUMNS} FROM ${INDICATOR_FROM} ${clause} ORDER BY i.last_seen DESC, i.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, ...(q.sort === 'score' ? [julian(now)] : []), q.limit, q.offset) as IndicatorDbRow[];
  return {
    total,
    rows: rows.map((r) => ({
      type: r.type, value: r.value, ...effectiveScore(r, at), firstSeen: r.first_seen, lastSeen: r.last_seen,
      sourceCount: r.source_count, labels: labelsOf(db, r.id), verdict: r.verdict,
    })),
  };
}

/** Provenance: every sighting of one indicator, newest first. */
export function sightingsOf(db: Database.Database, type: IndicatorType, value: string, limit: number): IntelSighting[] {
  return db
    .prepare(
      `SELECT s.name AS source, g.ref, g.author, g.post_url AS postUrl, g.seen_at AS seenAt, g.port, g.text
       FROM sightings g JOIN intel_sources s ON s.id = g.source_id JOIN indicators i ON i.id = g.indicator_id
       WHERE i.type = ? AND i.value = ? ORDER BY g.seen_at DESC LIMIT ?`,
    )
    .all(type, value, limit) as IntelSighting[];
}

export function setVerdict(db: Database.Database, type: IndicatorType, value: string, verdict: Verdict | null, note: string | null): void {
  if (verdict === null) db.prepare('DELETE FROM verdicts WHERE type = ? AND value = ?').run(type, value);
  else
    db.prepare(
      `INSERT INTO verdicts (type, value, verdict, note, decided_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (type, value) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, decided_at = excluded.decided_at`,
    ).run(type, value, verdict, note, new Date().toISOString());
}

export function setAllowlisted(db: Database.Database, type: IndicatorType, value: string, allowlisted: boolean, note: string | null): void {
  if (allowlisted) db.prepare('INSERT OR REPLACE INTO allowlist (type, value, note, added_at) VALUES (?, ?, ?, ?)').run(type, value, note, new Date().toISOString());
  else db.prepare('DELETE FROM allowlist WHERE type = ? AND value = ?').run(type, value);
}
