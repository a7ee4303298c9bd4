import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { WarninglistInfo } from '../intel/warninglists/index.js';
import { caseRevision } from '../analysis/findings-store.js';
import { readStoredAnswer, storeAnswer } from './view-store.js';

const ENTRIES_PER_CASE = 8;

/** How a kept answer is checked when read back from the case file: the value, or undefined when it does not fit. */
export type StoredParse<T> = (value: unknown) => T | undefined;

/**
 * Answers of the graph reads kept while nothing they depend on changed: the
 * case's revision (every import, removal, verdict and allowlist rule bumps
 * it), its latest analysis run (findings, reputation, enrichment) and the
 * engine's fingerprint (version and warninglists, which mark destinations
 * benign). A case reopened, a filter undone or the view re-asked after a
 * verdict elsewhere is answered at once instead of grouping a million
 * connections again (~1 s). In memory per connection, so a case deleted and
 * created again under the same id never meets the old answers, a few per
 * case, least recently used dropped; the opening answers also in the case
 * file (view-store.ts), written by each analysis.
 *
 * One per engine thread (EngineCore owns it): the job worker answers every
 * heavy read, each through handlers made for that job.
 */
export class ViewCache {
  private readonly byCase = new WeakMap<Database.Database, Map<string, unknown>>();

  constructor(private readonly fingerprint: () => string = () => '') {}

  /** What an answer depends on, as one string: the operation, the case's state, the engine's and the question. */
  key(db: Database.Database, op: string, query: unknown): string {
    return `${op}|${caseRevision(db)}|${latestRunId(db)}|${this.fingerprint()}|${canonicalQuery(query)}`;
  }

  get<T>(db: Database.Database, op: string, query: unknown, compute: () => T, stored?: StoredParse<T>): T {
    const key = this.key(db, op, query);
    let entries = this.byCase.get(db);
    if (!entries) this.byCase.set(db, (entries = new Map()));
    if (entries.has(key)) {
      const hit = entries.get(key) as T;
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = (stored && readStoredAnswer(db, op, key, stored)) ?? compute();
    entries.set(key, value);
    if (entries.size > ENTRIES_PER_CASE) entries.delete(entries.keys().next().value as string);
    return value;
  }

  /** Computes the answer on `db` (a connection in the case's write turn) and keeps it in the case file. */
  store(db: Database.Database, op: string, query: unknown, compute: () => unknown): void {
    const key = this.key(db, op, query);
    storeAnswer(db, op, key, compute());
  }
}

/**
 * The question without what does not change the answer: the case id (the
 * connection is the case's), absent, empty and default-empty fields, in key
 * order, so the UI's query and the engine's parsed default meet.
 */
export function canonicalQuery(query: unknown): string {
  return JSON.stringify(query, (k, v: unknown) => {
    if (k === 'caseId' || v === '' || (Array.isArray(v) && v.length === 0)) return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** What of the engine an answer depends on: its version and the warninglists it ships (which mark destinations benign). */
export function engineFingerprint(version: string, warninglists: { lists: readonly WarninglistInfo[] } | undefined): string {
  const lists = warninglists ? warninglists.lists.map((l) => `${l.id}:${l.entries}`).join(',') : 'no warninglists';
  return createHash('sha256').update(`${version}\n${lists}`).digest('hex').slice(0, 16);
}

function latestRunId(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(id) AS id FROM analysis_runs').get() as { id: number | null } | undefined;
  return row?.id ?? 0;
}
