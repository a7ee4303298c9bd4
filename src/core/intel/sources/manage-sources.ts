import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { IntelSource } from '../../../shared/types.js';
import { InvalidInputError, NotFoundError } from '../../errors/index.js';
import { registerCorroborate } from '../store/ingest.js';
import { listSources } from '../store/queries.js';

const DEFAULT_TRUST: Record<string, number> = { 'x-account': 0.7, 'x-search': 0.5 };

export type NewSource = { kind: 'x-account'; username: string; trust?: number | undefined } | { kind: 'x-search'; query: string; name?: string | undefined; trust?: number | undefined };

/** Adds an X account (`x:@name`) or a saved search (`x-search:NAME`) as a syncable source. */
export function addSource(db: Database.Database, s: NewSource): IntelSource {
  const name = s.kind === 'x-account' ? `x:@${s.username.replace(/^@/, '')}` : `x-search:${s.name ?? s.query}`;
  const config = s.kind === 'x-account' ? { username: s.username.replace(/^@/, '') } : { query: s.query };
  const exists = db.prepare('SELECT 1 FROM intel_sources WHERE name = ?').get(name);
  if (exists) throw new InvalidInputError(`a source named "${name}" already exists`, { field: 'name' });
  db.prepare('INSERT INTO intel_sources (name, kind, config, trust, created_at) VALUES (?, ?, ?, ?, ?)').run(
    name, s.kind, JSON.stringify(config), s.trust ?? DEFAULT_TRUST[s.kind] ?? 0.5, new Date().toISOString(),
  );
  return sourceNamed(db, name);
}

export function updateSource(db: Database.Database, name: string, change: { enabled?: boolean | undefined; trust?: number | undefined }): IntelSource {
  sourceNamed(db, name);
  if (change.enabled !== undefined) db.prepare('UPDATE intel_sources SET enabled = ? WHERE name = ?').run(change.enabled ? 1 : 0, name);
  if (change.trust !== undefined) {
    registerCorroborate(db);
    db.transaction(() => {
      db.prepare('UPDATE intel_sources SET trust = ? WHERE name = ?').run(change.trust, name);
      // Base scores depend on source trust: recompute the indicators this source sighted.
      db.prepare(
        `UPDATE indicators SET base = (
           SELECT corroborate(s.trust) FROM (SELECT DISTINCT source_id FROM sightings WHERE indicator_id = indicators.id) d JOIN intel_sources s ON s.id = d.source_id)
         WHERE id IN (SELECT g.indicator_id FROM sightings g JOIN intel_sources s ON s.id = g.source_id WHERE s.name = ?)`,
      ).run(name);
    })();
  }
  return sourceNamed(db, name);
}

function sourceNamed(db: Database.Database, name: string): IntelSource {
  const s = listSources(db).find((x) => x.name === name);
  if (!s) throw new NotFoundError(`no intel source named "${name}" (see: sightline intel sources)`, { field: 'name' });
  return s;
}

/**
 * The shipped, editable list of X accounts that post honeypot and C2
 * indicators (resources/intel/x-accounts.json), added once per data home;
 * removing or disabling one later sticks.
 */
export function seedDefaultSources(db: Database.Database, resourcesDir: string): number {
  const file = path.join(resourcesDir, 'intel', 'x-accounts.json');
  if (!fs.existsSync(file)) return 0;
  const { accounts } = JSON.parse(fs.readFileSync(file, 'utf8')) as { accounts: { username: string; trust?: number }[] };
  let added = 0;
  for (const a of accounts) {
    const name = `x:@${a.username}`;
    if (db.prepare('SELECT 1 FROM intel_sources WHERE name = ?').get(name)) continue;
    addSource(db, { kind: 'x-account', username: a.username, trust: a.trust });
    added++;
  }
  return added;
}
