import type Database from 'better-sqlite3';
import type { WarninglistMatcher } from '../../warninglists/index.js';
import { backfillSince, commitPage } from '../commit-page.js';
import { apiOrigin, classifyHttpError, HttpStatusError, MalformedAnswerError, SourceHttp } from '../http/index.js';
import { cancelledOutcome, newOutcome, saveConfig, saveCursor, setState, type SourceRow } from '../source-state.js';
import type { SyncDeps, SyncOutcome } from '../sync-types.js';
import { blueskyRate, blueskySpecificError } from './bluesky-errors.js';
import { entryPost, feedPage, type FeedEntry } from './bluesky-posts.js';

export interface BlueskyConfig {
  handle: string;
  /** Resolved once through getProfile and kept: handles change, DIDs do not. */
  did?: string;
}

/** The newest feed item read: its key and when it entered the feed. */
interface Mark {
  key: string;
  at: string;
}

/**
 * The cursor. An author feed has no since_id: it is read newest → oldest
 * with `cursor` down to the first item already seen (`newest`). As on X,
 * `newest` moves only when a run has read all the way down (to the newest
 * item of that run's first page); a run stopped half way keeps `resume` (the
 * page cursor and the pending mark) and continues from there later, so
 * nothing in between is skipped.
 */
interface BlueskyCursor {
  newest?: Mark;
  resume?: { cursor: string; pendingNewest?: Mark };
}

const PRODUCTION = 'https://public.api.bsky.app';
const PAGE_SIZE = 100;

export async function syncBlueskySource(source: SourceRow, db: Database.Database, deps: SyncDeps, warninglists?: WarninglistMatcher): Promise<SyncOutcome> {
  const outcome = newOutcome(source);
  const config = source.config as unknown as BlueskyConfig;
  const cursor = source.cursor as BlueskyCursor;
  const cancelled = () => cancelledOutcome(db, source, outcome);
  try {
    const http = new SourceHttp(apiOrigin(deps.origins?.bluesky ?? PRODUCTION), deps, source.name, blueskyRate);
    if (!config.did) {
      const { body } = await http.get(http.url('/xrpc/app.bsky.actor.getProfile', { actor: config.handle }));
      const did = (body as { did?: unknown } | null)?.did;
      if (typeof did !== 'string' || !/^did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}$/.test(did)) throw new MalformedAnswerError('the profile has no DID');
      config.did = did;
      saveConfig(db, source.id, config as unknown as Record<string, unknown>);
    }
    const horizon = backfillSince(deps.now(), deps.decay);
    for (;;) {
      if (deps.signal.aborted) return cancelled();
      const url = http.url('/xrpc/app.bsky.feed.getAuthorFeed', { actor: config.did, filter: 'posts_no_replies', limit: PAGE_SIZE, cursor: cursor.resume?.cursor });
      const page = feedPage((await http.get(url)).body);
      if (!page) throw new MalformedAnswerError('not an author feed');
      const top = page.entries[0];
      // A first page that starts with an item already seen keeps the mark (never move it back to an older item).
      const pendingNewest = cursor.resume ? cursor.resume.pendingNewest : top && !seen(top, cursor.newest) ? markOf(top) : cursor.newest;
      const fresh: FeedEntry[] = [];
      let reachedSeen = false;
      for (const entry of page.entries) {
        if (seen(entry, cursor.newest) || Date.parse(entry.at) < horizon) {
          reachedSeen = true;
          break;
        }
        fresh.push(entry);
      }
      // A server that repeats its cursor would keep a sync running forever.
      const done = reachedSeen || page.cursor === null || page.entries.length === 0 || page.cursor === cursor.resume?.cursor;
      if (done) {
        delete cursor.resume;
        if (pendingNewest) cursor.newest = pendingNewest;
      } else cursor.resume = { cursor: page.cursor as string, ...(pendingNewest ? { pendingNewest } : {}) };
      const counts = commitPage(db, source, fresh.map((e) => entryPost(e, deps.now())), cursor, deps.now(), warninglists);
      outcome.posts += fresh.length;
      outcome.newIndicators += counts.newIndicators;
      outcome.newSightings += counts.newSightings;
      deps.progress({ source: source.name, state: 'syncing', posts: outcome.posts, newSightings: outcome.newSightings });
      if (done) break;
    }
    outcome.complete = true;
    setState(db, source.id, 'ok', `${outcome.posts} new posts`, null, true);
    return outcome;
  } catch (err) {
    if (deps.signal.aborted) return cancelled();
    // A page cursor the AppView no longer accepts: read again from the top down to the last item seen (no gap; repeats add nothing).
    const staleCursor = err instanceof HttpStatusError && err.status === 400 && cursor.resume !== undefined && /cursor/i.test(err.field('message') ?? '');
    if (staleCursor) {
      delete cursor.resume;
      saveCursor(db, source.id, cursor as Record<string, unknown>);
    }
    const c = staleCursor
      ? { state: 'unavailable' as const, detail: 'Bluesky refused the saved page cursor; the next sync reads again from the newest posts down to the last one seen', nextAllowedAt: null }
      : classifyHttpError(err, deps.now(), 'the Bluesky AppView', (e) => blueskySpecificError(e, config.handle));
    setState(db, source.id, c.state, c.detail, c.nextAllowedAt);
    return { ...outcome, state: c.state, detail: c.detail };
  }
}

function markOf(entry: FeedEntry | undefined): Mark | undefined {
  return entry ? { key: entry.key, at: entry.at } : undefined;
}

/** The item read last time, or anything that entered the feed before it (the item itself may have been deleted since). */
function seen(entry: FeedEntry, newest: Mark | undefined): boolean {
  return newest !== undefined && (entry.key === newest.key || Date.parse(entry.at) < Date.parse(newest.at));
}
