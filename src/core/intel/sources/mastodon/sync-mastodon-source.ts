import type Database from 'better-sqlite3';
import type { WarninglistMatcher } from '../../warninglists/index.js';
import { backfillSince, commitPage } from '../commit-page.js';
import { apiOrigin, classifyHttpError, MalformedAnswerError, SourceHttp } from '../http/index.js';
import type { SocialPost } from '../post-records.js';
import { cancelledOutcome, newOutcome, saveConfig, setState, type SourceRow } from '../source-state.js';
import type { SyncDeps, SyncOutcome } from '../sync-types.js';
import { mastodonRate, mastodonSpecificError } from './mastodon-errors.js';
import { compareIds, isStatusId, statusesOf, statusPost } from './mastodon-posts.js';

export interface MastodonConfig {
  username: string;
  /** The account's home instance (its domain): ids are only valid there, and refs name it. */
  instance: string;
  /** Resolved once through accounts/lookup and kept. */
  accountId?: string;
}

/**
 * The cursor: the newest status id stored. Mastodon's `min_id` returns the
 * statuses just above it, so each page walks forward (x-api.md §5.1:
 * since_id would return only the latest and leave a gap), and the cursor
 * moves with every page in the page's own transaction: a run stopped by a
 * rate limit, a crash or Ctrl-C resumes exactly there.
 */
interface MastodonCursor {
  minId?: string;
}

const PAGE_SIZE = 40;

export async function syncMastodonSource(source: SourceRow, db: Database.Database, deps: SyncDeps, warninglists?: WarninglistMatcher): Promise<SyncOutcome> {
  const outcome = newOutcome(source);
  const config = source.config as unknown as MastodonConfig;
  const cursor = source.cursor as MastodonCursor;
  const cancelled = () => cancelledOutcome(db, source, outcome);
  try {
    const http = new SourceHttp(apiOrigin(deps.origins?.mastodon ?? `https://${config.instance}`), deps, source.name, mastodonRate);
    if (!config.accountId) {
      const { body } = await http.get(http.url('/api/v1/accounts/lookup', { acct: config.username }));
      const id = (body as { id?: unknown } | null)?.id;
      if (!isStatusId(id)) throw new MalformedAnswerError('the account lookup gave no account id');
      config.accountId = id;
      saveConfig(db, source.id, config as unknown as Record<string, unknown>);
    }
    const path = `/api/v1/accounts/${encodeURIComponent(config.accountId)}/statuses`;
    // Boosts are kept (no exclude_reblogs): a boosted IoC post is still an IoC, credited to its author.
    let url = http.url(path, { limit: PAGE_SIZE, min_id: cursor.minId ?? firstRunMinId(deps) });
    for (;;) {
      if (deps.signal.aborted) return cancelled();
      const answer = await http.get(url);
      const page = statusesOf(answer.body);
      if (!page) throw new MalformedAnswerError('not a list of statuses');
      if (page.length === 0) break;
      const newest = page.map((s) => s.id as string).reduce((a, b) => (compareIds(a, b) >= 0 ? a : b));
      // A server that does not move forward would keep a sync running forever.
      if (cursor.minId && compareIds(newest, cursor.minId) <= 0) throw new MalformedAnswerError('a page of statuses no newer than the last one read');
      cursor.minId = newest;
      const posts = page.map((s) => statusPost(s, config.instance, deps.now())).filter((p): p is SocialPost => p !== null);
      const counts = commitPage(db, source, posts, cursor, deps.now(), warninglists);
      outcome.posts += page.length;
      outcome.newIndicators += counts.newIndicators;
      outcome.newSightings += counts.newSightings;
      deps.progress({ source: source.name, state: 'syncing', posts: outcome.posts, newSightings: outcome.newSightings });
      url = prevLink(answer.headers.get('link'), http.url(path)) ?? http.url(path, { limit: PAGE_SIZE, min_id: newest });
    }
    outcome.complete = true;
    setState(db, source.id, 'ok', `${outcome.posts} new posts`, null, true);
    return outcome;
  } catch (err) {
    if (deps.signal.aborted) return cancelled();
    const c = classifyHttpError(err, deps.now(), `the Mastodon instance ${config.instance}`, (e) => mastodonSpecificError(e, config.username, config.instance));
    setState(db, source.id, c.state, c.detail, c.nextAllowedAt);
    return { ...outcome, state: c.state, detail: c.detail };
  }
}

/** The first run starts at the backfill horizon: Mastodon ids are snowflakes, milliseconds << 16. */
function firstRunMinId(deps: SyncDeps): string {
  return (BigInt(Math.floor(backfillSince(deps.now(), deps.decay))) << 16n).toString();
}

/** The `Link` rel="prev" URL (min_id of the newest status: the next page forward), when it stays on the same endpoint. */
function prevLink(header: string | null, endpoint: URL): URL | null {
  for (const part of (header ?? '').split(',')) {
    const m = /^\s*<([^>]*)>\s*;\s*rel="?prev"?\s*$/.exec(part);
    if (!m?.[1]) continue;
    try {
      const url = new URL(m[1]);
      return url.origin === endpoint.origin && url.pathname === endpoint.pathname ? url : null;
    } catch {
      return null;
    }
  }
  return null;
}
