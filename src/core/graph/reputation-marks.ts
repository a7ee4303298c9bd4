import type Database from 'better-sqlite3';
import type { Explanation } from '../../shared/analysis-types.js';
import type { ReputationMark } from '../../shared/graph-view-types.js';
import { processId } from './node-id.js';

export interface ReputationMarks {
  /** By destination address. */
  destinations: Map<string, ReputationMark>;
  /** By process node id (hash hits). */
  processes: Map<string, ReputationMark>;
}

const HASH_TYPES: ReadonlySet<string> = new Set(['md5', 'sha1', 'sha256']);

/** One entity's hits, by indicator, as the findings cite them. */
interface Tally {
  active: Map<string, { score: number; sources: string[] }>;
  suppressed: Map<string, { score: number; sources: string[]; why: string }>;
}

/**
 * The IoC store's word on the case's destinations and processes, as the
 * latest analysis stored it: its findings of kinds 'ioc' and 'hash' (every
 * unit of a destination with a hit carries the destination's hits, every unit
 * of a process the process's) and the hits it set aside ('suppressed', with
 * the reasons). Reading the stored evidence costs one indexed pass over a few
 * findings; matching the case again against the store would cost the
 * analysis's IoC step on every view. The score is the indicator's as of the
 * run (a newer one comes with the next analysis, which a changed store asks for).
 */
export function reputationMarks(db: Database.Database): ReputationMarks {
  const rows = db
    .prepare(`SELECT host, image, dst_ip, explanations FROM findings WHERE kinds LIKE '%"ioc"%' OR kinds LIKE '%"hash"%' OR kinds LIKE '%"suppressed"%'`)
    .raw()
    .all() as [string, string, string, string][];
  const destinations = new Map<string, Tally>();
  const processes = new Map<string, Tally>();
  const tallyOf = (map: Map<string, Tally>, key: string): Tally => {
    let t = map.get(key);
    if (!t) map.set(key, (t = { active: new Map(), suppressed: new Map() }));
    return t;
  };
  for (const [host, image, ip, json] of rows) {
    for (const e of JSON.parse(json) as Explanation[]) {
      const indicator = e.facts.indicator;
      if (typeof indicator !== 'string') continue;
      const type = String(e.facts.indicatorType ?? '');
      const onProcess = e.kind === 'hash' || (e.kind === 'suppressed' && HASH_TYPES.has(type));
      if (onProcess && image === '') continue;
      const tally = onProcess ? tallyOf(processes, processId(host, image)) : tallyOf(destinations, ip);
      const key = `${type} ${indicator}`;
      const score = typeof e.facts.scoreNow === 'number' ? e.facts.scoreNow / 100 : 0;
      const sources = typeof e.facts.sources === 'string' && e.facts.sources !== '' ? e.facts.sources.split(', ') : [];
      if (e.kind === 'ioc' || e.kind === 'hash') tally.active.set(key, { score, sources });
      else if (e.kind === 'suppressed') tally.suppressed.set(key, { score, sources, why: suppressionWords(e) });
    }
  }
  return { destinations: marksOf(destinations), processes: marksOf(processes) };
}

function marksOf(tallies: Map<string, Tally>): Map<string, ReputationMark> {
  const marks = new Map<string, ReputationMark>();
  for (const [key, { active, suppressed }] of tallies) {
    const hits = active.size > 0 ? [...active.values()] : [...suppressed.values()];
    if (hits.length === 0) continue;
    const mark: ReputationMark = {
      hits: hits.length,
      sources: new Set(hits.flatMap((h) => h.sources)).size,
      score: Math.round(Math.max(...hits.map((h) => h.score)) * 1000) / 1000,
    };
    // Suppressed only when no hit counts: one live indicator outweighs any number set aside.
    if (active.size === 0) mark.suppressed = [...new Set([...suppressed.values()].map((h) => h.why))].join('; ');
    marks.set(key, mark);
  }
  return marks;
}

/** The reasons in words: stored since the graph reads them, else the sentence's tail ("…; suppressed: <reasons>"). */
function suppressionWords(e: Explanation): string {
  if (typeof e.facts.why === 'string' && e.facts.why !== '') return e.facts.why;
  const at = e.text.lastIndexOf('; suppressed: ');
  return at >= 0 ? e.text.slice(at + '; suppressed: '.length) : String(e.facts.reasons ?? 'suppressed');
}

/** Destinations whose reputation must always be drawn on their own: at least one hit that counts. */
export function activeReputation(marks: ReputationMarks): Set<string> {
  return new Set([...marks.destinations].filter(([, m]) => m.suppressed === undefined).map(([ip]) => ip));
}

/**
 * A group's mark: its strongest member's (a hit that counts over one set
 * aside, then the higher score, then more hits), so a folded process image
 * or destination range still shows that something in it is known.
 */
export function strongestReputation(marks: Iterable<ReputationMark | undefined>): ReputationMark | undefined {
  let best: ReputationMark | undefined;
  const rank = (m: ReputationMark) => [m.suppressed === undefined ? 1 : 0, m.score, m.hits];
  for (const m of marks) {
    if (!m) continue;
    if (!best) {
      best = m;
      continue;
    }
    const [a, b] = [rank(m), rank(best)];
    const i = a.findIndex((v, k) => v !== b[k]);
    if (i !== -1 && (a[i] as number) > (b[i] as number)) best = m;
  }
  return best;
}
