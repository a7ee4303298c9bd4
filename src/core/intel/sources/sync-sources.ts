import type Database from 'better-sqlite3';
import { TwitterApi } from 'twitter-api-v2';
import type { WarninglistMatcher } from '../warninglists/index.js';
import { readSources, setState } from './source-state.js';
import type { SyncDeps, SyncOutcome } from './sync-types.js';
import { createApiRedirectPlugin } from './x/redirect-plugin.js';
import { syncXSource } from './x/sync-x-source.js';

export const X_KINDS = ['x-account', 'x-search'] as const;

export interface SyncEnv {
  db: Database.Database;
  bearer: string | null;
  /** Tests only: the loopback stand-in (the redirect plugin refuses anything else). Production talks to api.x.com. */
  xApiBaseUrl?: string;
  warninglists?: WarninglistMatcher;
  deps: SyncDeps;
}

/** Syncs the enabled syncable sources (or the one named), one after another; each ends in a state a person can act on. */
export async function syncSources(env: SyncEnv, name?: string): Promise<SyncOutcome[]> {
  const sources = readSources(env.db, X_KINDS, name).filter((s) => s.enabled || name !== undefined);
  const outcomes: SyncOutcome[] = [];
  const empty = { posts: 0, newIndicators: 0, newSightings: 0, complete: false };
  let client: TwitterApi | null = null;
  for (const source of sources) {
    if (env.deps.signal.aborted) break;
    if (!env.bearer) {
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
    client ??= new TwitterApi(env.bearer, { plugins: env.xApiBaseUrl ? [createApiRedirectPlugin(env.xApiBaseUrl)] : [] });
    setState(env.db, source.id, 'syncing', null);
    env.deps.progress({ source: source.name, state: 'syncing', posts: 0, newSightings: 0 });
    outcomes.push(await syncXSource(source, client, env.db, env.deps, env.warninglists));
  }
  return outcomes;
}
