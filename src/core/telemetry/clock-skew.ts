import type Database from 'better-sqlite3';
import type { ClockSkew } from '../../shared/types.js';
import { isStorableTime } from '../bounds.js';

/** Offsets sampled: enough to see a dominant one, bounded for tuples that repeat (NTP 123↔123). */
const SKEW_SAMPLE = 200_000;
const SKEW_MIN_PAIRS = 3;
/** Pairs of the dominant offset checked against their process's start. */
const CHECK_SAMPLE = 2000;
/** A side is off when more than this share of the checked pairs puts its connection before its process started... */
const IMPOSSIBLE_SHARE = 0.5;

export interface SkewAttribution {
  off: NonNullable<ClockSkew['off']>;
  checked: number;
  endpointBeforeStart: number;
  flowBeforeStart: number;
}

export interface SkewEstimate {
  flowImport: number;
  endpointImport: number;
  /** Flow time minus endpoint time (ms) of the dominant offset. */
  ms: number;
  /** The ids of the pairs whose offset lies in the dominant bucket, for the attribution. */
  pairs: { flow: number; endpoint: number }[];
}

/**
 * A sensor's clock can be far off the endpoints' (a pcap replayed days later,
 * a machine without NTP, an export that rewrote one event type's times): then
 * no pair falls within the tolerance. For each (flow file, endpoint file)
 * pair of imports, the time offsets of every same-tuple candidate pair are
 * bucketed; when one bucket clearly dominates and lies outside the tolerance,
 * that offset is the skew between the two files. Reads the temp tables
 * join_fl and join_ep the join builds.
 */
export function estimateSkews(db: Database.Database, toleranceMs: number): SkewEstimate[] {
  const rows = db
    .prepare(
      `SELECT fl.import_id AS f, ep.import_id AS e, fl.ts - ep.ts AS off, fl.id AS flow, ep.id AS endpoint
       FROM join_fl fl JOIN join_ep ep ON ep.a = fl.a AND ep.b = fl.b LIMIT ${SKEW_SAMPLE}`,
    )
    .raw(true)
    .all() as Array<[number, number, number, number, number]>;
  const byPair = new Map<string, Array<[number, number, number, number, number]>>();
  for (const r of rows) {
    const key = `${r[0]}|${r[1]}`;
    let list = byPair.get(key);
    if (!list) byPair.set(key, (list = []));
    list.push(r);
  }
  const width = Math.max(toleranceMs, 1000);
  const out: SkewEstimate[] = [];
  for (const list of byPair.values()) {
    const buckets = new Map<number, typeof list>();
    for (const r of list) {
      const b = Math.round(r[2] / width);
      let bucket = buckets.get(b);
      if (!bucket) buckets.set(b, (bucket = []));
      bucket.push(r);
    }
    const ranked = [...buckets.values()].sort((x, y) => y.length - x.length);
    const best = ranked[0] ?? [];
    const second = ranked[1]?.length ?? 0;
    if (best.length < SKEW_MIN_PAIRS || best.length < 2 * second) continue;
    const sorted = best.map((r) => r[2]).sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    if (Math.abs(median) <= toleranceMs) continue;
    const [first] = best as [(typeof best)[number]];
    out.push({ flowImport: first[0], endpointImport: first[1], ms: median, pairs: best.map((r) => ({ flow: r[3], endpoint: r[4] })) });
  }
  // The pair of files with the most evidence first: a correction made for it is not judged again by a weaker pair.
  return out.sort((a, b) => b.pairs.length - a.pairs.length);
}

/**
 * Which of the two clocks is off. Two clocks alone cannot say: a third time
 * is needed. The endpoint log's process starts (Sysmon event 1) are one: a
 * connection cannot come before the start of the process that made it. When
 * most of the endpoint file's connections (as logged) come before their
 * process started and the flows' do not, the endpoint's connection times are
 * off (its clock is behind); the other way round the flows' are. Otherwise
 * (no process starts, or both sides consistent with them, as when one clock
 * is simply ahead) it cannot be told from these files: 'unknown'.
 */
export function attributeSkew(db: Database.Database, skew: SkewEstimate, toleranceMs: number): SkewAttribution {
  const start = db.prepare(
    `SELECT e.ts AS endpointTs, f.ts AS flowTs, p.ts AS started
     FROM events e JOIN events f ON f.id = ? JOIN processes p ON p.host = e.host AND p.process_guid = e.process_guid
     WHERE e.id = ? AND e.process_guid IS NOT NULL LIMIT 1`,
  );
  let checked = 0;
  let endpointBeforeStart = 0;
  let flowBeforeStart = 0;
  const step = Math.max(1, Math.floor(skew.pairs.length / CHECK_SAMPLE));
  for (let i = 0; i < skew.pairs.length; i += step) {
    const pair = skew.pairs[i] as { flow: number; endpoint: number };
    const row = start.get(pair.flow, pair.endpoint) as { endpointTs: number; flowTs: number; started: number } | undefined;
    if (!row) continue;
    checked += 1;
    if (row.endpointTs < row.started - toleranceMs) endpointBeforeStart += 1;
    if (row.flowTs < row.started - toleranceMs) flowBeforeStart += 1;
  }
  const impossible = (n: number) => checked > 0 && n > IMPOSSIBLE_SHARE * checked;
  const off: SkewAttribution['off'] = impossible(endpointBeforeStart) && !impossible(flowBeforeStart) ? 'endpoint' : impossible(flowBeforeStart) && !impossible(endpointBeforeStart) ? 'flow' : 'unknown';
  return { off, checked, endpointBeforeStart, flowBeforeStart };
}

/**
 * Puts the off side's connections on the other side's clock, so the case has
 * one timeline (the analysis's baseline and every "before/after" depend on
 * it): the endpoint file's connection events when its clock is the one off,
 * else the flow file's ('unknown' included: the endpoint's clock is then the
 * reference by convention, and the summary says so). Only connection events
 * move: they are what was measured; an endpoint file's process starts were the
 * reference that decided. The correction is recorded in `meta` (clockCorrectionKey),
 * so the times as logged stay known. Returns the import moved and by how much (ms).
 */
export function correctSkew(db: Database.Database, skew: SkewEstimate, off: SkewAttribution['off']): { importId: number; ms: number; moved: boolean } {
  const importId = off === 'endpoint' ? skew.endpointImport : skew.flowImport;
  const ms = off === 'endpoint' ? skew.ms : -skew.ms;
  for (const table of ['join_ep', 'join_fl']) db.prepare(`UPDATE temp.${table} SET ts = ts + ? WHERE import_id = ?`).run(ms, importId);
  // Stored times stay within the bounds every import holds them to (core/bounds.ts): a move past them is matched on, not stored.
  const span = db.prepare('SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM events WHERE import_id = ?').get(importId) as { lo: number | null; hi: number | null };
  if (span.lo === null || span.hi === null || !isStorableTime(span.lo + ms) || !isStorableTime(span.hi + ms)) return { importId, ms, moved: false };
  db.prepare('UPDATE events SET ts = ts + ? WHERE import_id = ?').run(ms, importId);
  // What was added, so the times as logged stay known (logged = stored - correction).
  db.prepare(
    `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER) AS TEXT)`,
  ).run(clockCorrectionKey(importId), String(ms));
  return { importId, ms, moved: true };
}

/** The meta key holding the milliseconds added to an import's connection times (absent: none). */
export function clockCorrectionKey(importId: number): string {
  return `clock_correction:${importId}`;
}
