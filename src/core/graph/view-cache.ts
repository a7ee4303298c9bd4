import type Database from 'better-sqlite3';
import { caseRevision } from '../analysis/findings-store.js';

const ENTRIES_PER_CASE = 8;

/**
 * Answers of the graph reads kept while nothing they depend on changed: the
 * case's revision (every import, removal, verdict and allowlist rule bumps
 * it) and its latest analysis run (findings, reputation, enrichment). A case
 * reopened, a filter undone or the view re-asked after a verdict elsewhere is
 * answered at once instead of grouping a million connections again (~0.8 s).
 * Per connection, so a case deleted and created again under the same id
 * never meets the old answers; a few per case, least recently used dropped.
 */
export class ViewCache {
  private readonly byCase = new WeakMap<Database.Database, Map<string, unknown>>();

  get<T>(db: Database.Database, op: string, query: unknown, compute: () => T): T {
    const key = `${op}|${caseRevision(db)}|${latestRunId(db)}|${JSON.stringify(query)}`;
    let entries = this.byCase.get(db);
    if (!entries) this.byCase.set(db, (entries = new Map()));
    if (entries.has(key)) {
      const hit = entries.get(key) as T;
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = compute();
    entries.set(key, value);
    if (entries.size > ENTRIES_PER_CASE) entries.delete(entries.keys().next().value as string);
    return value;
  }
}

function latestRunId(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(id) AS id FROM analysis_runs').get() as { id: number | null } | undefined;
  return row?.id ?? 0;
}
