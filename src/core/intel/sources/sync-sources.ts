import type Database from 'better-sqlite3';
import { TwitterApi } from 'twitter-api-v2';
import type { WarninglistMatcher } from '../warninglists/index.js';
import { syncBlueskySource } from './bluesky/index.js';
import { syncMastodonSource } from './mastodon/index.js';
import { readSources, setState, type SourceRow } from './source-state.js';
import type { SyncDeps, SyncOutcome } from './sync-types.js';
import { createApiRedirectPlugin } from './x/redirect-plugin.js';
import { syncXSource } from './x/sync-x-source.js';

export const X_KINDS = ['x-account', 'x-search'] as const;
/** Every kind a sync reads from the network. Only X needs a credential; Mastodon and Bluesky read public posts anonymously. */
export const SYNC_KINDS = [...X_KINDS, 'mastodon', 'bluesky'] as const;
const isX = (kind: string) => (X_KINDS as readonly string[]).includes(kind);

export interface SyncEnv {
  db: Database.Database;
  bearer: string | null;
  warninglists?: WarninglistMatcher;
  deps: SyncDeps;
}

/** Syncs the enabled syncable sources (or the one named), one after another; each ends in a state a person can act on. */
export async function syncSources(env: SyncEnv, name?: string): Promise<SyncOutcome[]> {
  const sources = readSources(env.db, SYNC_KINDS, name).filter((s) => s.enabled || name !== undefined);
  const outcomes: SyncOutcome[] = [];
  const empty = { posts: 0, newIndicators: 0, newSightings: 0, complete: false };
  let client: TwitterApi | null = null;
  for (const source of sources) {
    if (env.deps.signal.aborted) break;
    if (isX(source.kind) && !env.bearer) {
      const detail = 'no X bearer token: enter one in the Intel view, or set SIGHTLINE_X_BEARER';
      setState(env.db, source.id, 'no-token', detail);
      outcomes.push({ source: source.name, state: 'no-token', detail, ...empty });
      continue;
    }
    if (source.nextAllowedAt && Date.parse(source.nextAllowedAt) > env.deps.now()) {
      const ok = await env.deps.waitUntil(Date.parse(source.nextAllowedAt), source.name);
      if (!ok) {
        outcomes.push({ source: source.name, state: 'rate-limited', detail: `not before ${source.nextAllowedAt}`, ...empty });
        continue;
      }
    }
    setState(env.db, source.id, 'syncing', null);
    env.deps.progress({ source: source.name, state: 'syncing', posts: 0, newSightings: 0 });
    outcomes.push(await syncOne(source));
  }
  return outcomes;

  function syncOne(source: SourceRow): Promise<SyncOutcome> {
    if (source.kind === 'mastodon') return syncMastodonSource(source, env.db, env.deps, env.warninglists);
    if (source.kind === 'bluesky') return syncBlueskySource(source, env.db, env.deps, env.warninglists);
    client ??= new TwitterApi(env.bearer ?? '', { plugins: env.deps.origins?.x ? [createApiRedirectPlugin(env.deps.origins.x)] : [] });
    return syncXSource(source, client, env.db, env.deps, env.warninglists);
  }
}
