import type Database from 'better-sqlite3';

/** Default trust of a source by kind: curated feeds above lists scraped from unknown places. */
const DEFAULT_TRUST: Record<string, number> = { feed: 0.7, list: 0.6, 'x-account': 0.7, 'x-search': 0.5, mastodon: 0.7, bluesky: 0.7, bundle: 0.6 };

/** Finds or creates sources by name, caching ids for a bulk import. */
export class SourceRegistry {
  private readonly ids = new Map<string, number>();
  private readonly find: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(db: Database.Database) {
    this.find = db.prepare('SELECT id FROM intel_sources WHERE name = ?').pluck();
    this.insert = db.prepare('INSERT INTO intel_sources (name, kind, trust, created_at) VALUES (?, ?, ?, ?)');
  }

  /** The source's id, creating it (with `trust`, else the default for its kind) when new; an existing source keeps its trust. */
  ensure(name: string, kind: string, trust?: number): number {
    const cached = this.ids.get(name);
    if (cached !== undefined) return cached;
    let id = this.find.get(name) as number | undefined;
    if (id === undefined) id = Number(this.insert.run(name, kind, trust ?? DEFAULT_TRUST[kind] ?? 0.5, new Date().toISOString()).lastInsertRowid);
    this.ids.set(name, id);
    return id;
  }
}
