import type Database from 'better-sqlite3';
import type { IndicatorType } from '../indicator-types.js';
import { guessIndicatorType } from '../normalise-indicator.js';
import type { ScoreAt } from '../store/queries.js';
import { intelRevision } from '../store/revision.js';
import type { WarninglistMatcher } from '../warninglists/index.js';
import { IndicatorIndex, type Candidate } from './indicator-index.js';
import { createFactsReader, scoreAsOf, scoreNow, type IndicatorFacts } from './indicator-facts.js';
import type { AddressMatches, CaseIntelMatches, CaseObservables, HashMatches, IntelMatchHit, ObservableMatches, SuppressionReason } from './types.js';

/** Parameters of case matching, with their defaults. */
export interface MatchSettings {
  /** Posts cited per hit (the newest known at the connection). Default 3. */
  citations: number;
}

export const matchSettings: MatchSettings = { citations: 3 };

export interface MatchOptions {
  /** Now and the decay model in force. */
  at: ScoreAt;
  /** The shipped warninglists; without them nothing is suppressed by a list. */
  warninglists?: WarninglistMatcher | undefined;
  settings?: Partial<MatchSettings>;
  /** Retro-hunt: only indicators changed after this IoC store revision. */
  since?: number;
}

/**
 * The case's observables against the IoC store, all at once: addresses exact
 * and by every stored network containing them (IPv4 and IPv6), their names
 * against domains (and parent domains) and the hosts of URLs, process hashes.
 * Each hit carries its score now and as of the connection, and the posts
 * behind it; allowlisted values, false-positive verdicts and warninglisted
 * values come back as suppressed, with the reasons, never dropped.
 */
export function matchCase(db: Database.Database, observables: CaseObservables, options: MatchOptions): CaseIntelMatches {
  // One read transaction: the revision and every indicator read are one snapshot of the store (WAL), so a
  // change committed meanwhile is after the revision returned and the next retro-hunt sees it.
  return db.transaction(() => matchSnapshot(db, observables, options, () => IndicatorIndex.load(db, options.since === undefined ? {} : { since: options.since })))();
}

/**
 * The same for a few observables (one destination, one process's hashes):
 * only the indicators they can meet are read, through the store's indexes,
 * so it answers on the serving thread whatever the store's size.
 */
export function matchFew(db: Database.Database, observables: CaseObservables, options: Omit<MatchOptions, 'since'>): CaseIntelMatches {
  return db.transaction(() => matchSnapshot(db, observables, options, () => IndicatorIndex.forObservables(db, observables)))();
}

function matchSnapshot(db: Database.Database, observables: CaseObservables, options: MatchOptions, load: () => IndicatorIndex): CaseIntelMatches {
  const revision = intelRevision(db);
  const index = load();
  const judge = createJudge(db, options);
  const addresses: AddressMatches[] = [];
  const hashes: HashMatches[] = [];
  const candidates: Candidate[] = [];
  let names = 0;
  for (const a of observables.addresses) {
    candidates.length = 0;
    index.matchAddress(a.ip, candidates);
    for (const name of a.names) {
      names++;
      index.matchName(name, candidates);
    }
    if (candidates.length === 0) continue;
    const m = judge(candidates, a.firstTs, a.lastTs);
    if (m.hits.length + m.suppressed.length > 0) addresses.push({ ip: a.ip, firstTs: a.firstTs, lastTs: a.lastTs, ...m });
  }
  for (const h of observables.hashes) {
    candidates.length = 0;
    index.matchHash(h.type, h.value, candidates);
    if (candidates.length === 0) continue;
    const m = judge(candidates, h.firstTs, h.lastTs);
    if (m.hits.length + m.suppressed.length > 0) hashes.push({ type: h.type, value: h.value.toLowerCase(), ...m });
  }
  return {
    intelRevision: revision,
    addresses,
    hashes,
    checked: { addresses: observables.addresses.length, names, hashes: observables.hashes.length, indicators: index.size },
  };
}

type Judge = (candidates: readonly Candidate[], firstTs: number | undefined, lastTs: number | undefined) => ObservableMatches;

/** Turns candidates into scored, cited hits, and sorts out the suppressed ones. */
function createJudge(db: Database.Database, options: MatchOptions): Judge {
  const reader = createFactsReader(db);
  const citations = { ...matchSettings, ...options.settings }.citations;
  const lists = options.warninglists;
  return (candidates, firstTs, lastTs) => {
    const out: ObservableMatches = { hits: [], suppressed: [] };
    const seen = new Set<string>();
    for (const c of candidates) {
      const key = `${c.type} ${c.value} ${c.how} ${c.via}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const f = reader.facts(c.type, c.value);
      // Gone since the index was read (a concurrent removal): nothing to say about it.
      if (!f) continue;
      const hit = describeHit(f, c, firstTs, lastTs, options.at, citations, reader.cite);
      const reasons = suppressionReasons(f, lists, c.via);
      if (reasons.length > 0) out.suppressed.push({ ...hit, reasons });
      else out.hits.push(hit);
    }
    const strength = (h: IntelMatchHit) => h.atConnection?.score ?? h.reportedAfter?.score ?? h.scoreNow;
    out.hits.sort((a, b) => strength(b) - strength(a) || b.scoreNow - a.scoreNow);
    return out;
  };
}

function describeHit(
  f: IndicatorFacts,
  c: Candidate,
  firstTs: number | undefined,
  lastTs: number | undefined,
  at: ScoreAt,
  citations: number,
  cite: (ids: readonly number[]) => IntelMatchHit['citations'],
): IntelMatchHit {
  const now = scoreNow(f, at);
  let atConnection: IntelMatchHit['atConnection'] = null;
  let reportedAfter: IntelMatchHit['reportedAfter'] = null;
  let cited: number[] = [];
  if (firstTs !== undefined && lastTs !== undefined) {
    // The stronger of the first and the last connection: both are times the case really connected.
    const first = scoreAsOf(f, firstTs, at);
    const last = lastTs === firstTs ? first : scoreAsOf(f, lastTs, at);
    const best = first && (!last || first.score >= last.score) ? { time: firstTs, ...first } : last ? { time: lastTs, ...last } : null;
    if (best) {
      atConnection = { at: new Date(best.time).toISOString(), score: best.score, expired: best.expired };
      cited = best.known.slice(-citations).reverse().map((s) => s.id);
    } else {
      const firstReport = f.sightings[0];
      if (firstReport) {
        const then = scoreAsOf(f, firstReport.seenMs, at);
        reportedAfter = { at: new Date(firstReport.seenMs).toISOString(), score: then?.score ?? 0 };
      }
      cited = f.sightings.slice(0, citations).map((s) => s.id);
    }
  } else cited = f.sightings.slice(-citations).reverse().map((s) => s.id);
  return {
    type: f.type,
    value: f.value,
    how: c.how,
    via: c.via,
    scoreNow: now.score,
    expiredNow: now.expired,
    atConnection,
    reportedAfter,
    firstReported: f.firstSeen,
    lastReported: f.lastSeen,
    sightings: f.sightings.length,
    sources: [...new Set(f.sightings.map((s) => s.source))].sort(),
    labels: f.labels,
    verdict: f.verdict,
    citations: cite(cited),
  };
}

/**
 * Why a hit must not count: the analyst's allowlist or false-positive
 * verdict, or a warninglist that names the indicator or the destination as
 * well-known infrastructure (context-only lists, such as cloud ranges or
 * LOTS, never suppress). A confirmed verdict outweighs the warninglists.
 */
function suppressionReasons(f: IndicatorFacts, lists: WarninglistMatcher | undefined, via: string): SuppressionReason[] {
  const reasons: SuppressionReason[] = [];
  if (f.allowlisted) reasons.push({ kind: 'allowlist', note: f.allowlisted.note, since: f.allowlisted.since });
  if (f.verdict === 'false-positive') reasons.push({ kind: 'false-positive', note: f.verdictNote, since: f.verdictAt ?? f.lastSeen });
  if (!lists || f.verdict === 'confirmed') return reasons;
  const listed = (type: IndicatorType, value: string, on: 'indicator' | 'destination') => {
    const hit = lists.match(type, value);
    if (!hit || hit.contextOnly) return false;
    reasons.push({ kind: 'warninglist', list: hit.list, listId: hit.id, matched: hit.matched, on, value });
    return true;
  };
  // The destination as the hit met it: its address, or the one name that matched (not every name of the address).
  if (!listed(f.type, f.value, 'indicator') && f.type !== 'md5' && f.type !== 'sha1' && f.type !== 'sha256') {
    const type = guessIndicatorType(via);
    if (type === 'ipv4' || type === 'ipv6' || type === 'domain') listed(type, via, 'destination');
  }
  return reasons;
}
