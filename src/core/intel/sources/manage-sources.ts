import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { IntelSource } from '../../../shared/types.js';
import { InvalidInputError, NotFoundError } from '../../errors/index.js';
import { registerCorroborate } from '../store/ingest.js';
import { listSources } from '../store/queries.js';

const DEFAULT_TRUST: Record<string, number> = { 'x-account': 0.7, 'x-search': 0.5, mastodon: 0.7, bluesky: 0.7 };

type Trust = { trust?: number | undefined };
export type NewSource =
  | ({ kind: 'x-account'; username: string } & Trust)
  | ({ kind: 'x-search'; query: string; name?: string | undefined } & Trust)
  | ({ kind: 'mastodon'; account: string } & Trust)
  | ({ kind: 'bluesky'; handle: string } & Trust);

/** Adds an X account (`x:@name`), a saved X search (`x-search:NAME`), a Mastodon account (`mastodon:@user@instance`) or a Bluesky account (`bluesky:@handle`). */
export function addSource(db: Database.Database, s: NewSource): IntelSource {
  const { name, config } = nameAndConfig(s);
  const exists = db.prepare('SELECT 1 FROM intel_sources WHERE name = ?').get(name);
  if (exists) throw new InvalidInputError(`a source named "${name}" already exists`, { field: 'name' });
  db.prepare('INSERT INTO intel_sources (name, kind, config, trust, created_at) VALUES (?, ?, ?, ?, ?)').run(
    name, s.kind, JSON.stringify(config), s.trust ?? DEFAULT_TRUST[s.kind] ?? 0.5, new Date().toISOString(),
  );
  return sourceNamed(db, name);
}

function nameAndConfig(s: NewSource): { name: string; config: Record<string, unknown> } {
  switch (s.kind) {
    case 'x-account':
      return { name: `x:@${s.username.replace(/^@/, '')}`, config: { username: s.username.replace(/^@/, '') } };
    case 'x-search':
      return { name: `x-search:${s.name ?? s.query}`, config: { query: s.query } };
    case 'mastodon': {
      // Usernames and domains are case-insensitive: one spelling, so the same account cannot be added twice.
      const [username, instance, extra] = s.account.replace(/^@/, '').toLowerCase().split('@');
      if (!username || !instance || extra !== undefined) throw new InvalidInputError(`"${s.account}" is not a Mastodon address: give user@instance`, { field: 'account' });
      return { name: `mastodon:@${username}@${instance}`, config: { username, instance } };
    }
    case 'bluesky': {
      const handle = s.handle.replace(/^@/, '').toLowerCase();
      return { name: `bluesky:@${handle}`, config: { handle } };
    }
  }
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
