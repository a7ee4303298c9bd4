import type Database from 'better-sqlite3';
import type { TwitterApi } from 'twitter-api-v2';
import type { WarninglistMatcher } from '../../warninglists/index.js';
import { Ingestor } from '../../store/ingest.js';
import { postRecords } from '../post-records.js';
import { cancelledOutcome, newOutcome, saveConfig, saveCursor, setState, type SourceRow } from '../source-state.js';
import type { SyncDeps, SyncOutcome } from '../sync-types.js';
import { classifyXError } from './classify-x-error.js';
import { xPagePosts, type XPage } from './x-posts.js';

/**
 * The cursor of an X source. X's polling rule (x-api.md §2.4): keep the same
 * since_id while paging; only when the last page has been read does since_id
 * move to the newest id of the FIRST page. A run stopped half way (rate
 * limit, crash, cancel) keeps `resume` and continues from that page later,
 * so nothing between is skipped, and nothing is stored twice (sightings are
 * unique per post).
 */
interface XCursor {
  sinceId?: string;
  resume?: { token: string; pendingNewest?: string };
}

const FIELDS = { 'tweet.fields': 'created_at,author_id,entities,note_tweet', expansions: 'author_id', 'user.fields': 'username', max_results: 100 };

export async function syncXSource(source: SourceRow, client: TwitterApi, db: Database.Database, deps: SyncDeps, warninglists?: WarninglistMatcher): Promise<SyncOutcome> {
  const outcome = newOutcome(source);
  const cursor = source.cursor as XCursor;
  try {
    const endpoint = await endpointFor(source, client, db);
    if (!endpoint) {
      const detail = `no X account named @${String(source.config['username'])}: check the name, or remove the source`;
      setState(db, source.id, 'not-found', detail);
      return { ...outcome, state: 'not-found', detail };
    }
    for (;;) {
      if (deps.signal.aborted) return cancelledOutcome(db, source, outcome);
      const query: Record<string, string | number> = { ...FIELDS, ...(endpoint.query ?? {}) };
      if (cursor.sinceId) query['since_id'] = cursor.sinceId;
      if (cursor.resume) query[endpoint.tokenParam] = cursor.resume.token;
      const res = await client.v2.get<XPage>(endpoint.path, query, { fullResponse: true });
      const page = res.data;
      const posts = xPagePosts(page, endpoint.author);
      const first = !cursor.resume;
      const pendingNewest = first ? page.meta?.newest_id : cursor.resume?.pendingNewest;
      const next = page.meta?.next_token;

      // One transaction per page: its sightings and the cursor that says it was read.
      db.exec('BEGIN IMMEDIATE');
      try {
        const ingestor = new Ingestor(db);
        const importedAt = new Date(deps.now()).toISOString();
        for (const post of posts) for (const r of postRecords(post, source.name, warninglists)) ingestor.add({ ...r, sourceId: source.id }, importedAt);
        ingestor.finish();
        outcome.newIndicators += ingestor.counts.newIndicators;
        outcome.newSightings += ingestor.counts.newSightings;
        if (next) cursor.resume = { token: next, ...(pendingNewest ? { pendingNewest } : {}) };
        else {
          delete cursor.resume;
          if (pendingNewest) cursor.sinceId = pendingNewest;
        }
        saveCursor(db, source.id, cursor as Record<string, unknown>);
        db.exec('COMMIT');
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
      outcome.posts += posts.length;
      deps.progress({ source: source.name, state: 'syncing', posts: outcome.posts, newSightings: outcome.newSightings });
      if (!next) break;
      // Out of calls for this window: wait for the reset (the next call would be a 429).
      const rl = res.rateLimit;
      if (rl && rl.remaining === 0) {
        const waited = await deps.waitUntil(rl.reset * 1000, source.name);
        if (!waited) {
          const at = new Date(rl.reset * 1000).toISOString();
          setState(db, source.id, 'rate-limited', `rate limited by X until ${at}; the sync resumes where it stopped`, at);
          return { ...outcome, state: 'rate-limited', detail: `rate limited until ${at}` };
        }
      }
    }
    outcome.complete = true;
    setState(db, source.id, 'ok', `${outcome.posts} new posts`, null, true);
    return outcome;
  } catch (err) {
    const c = classifyXError(err, deps.now());
    setState(db, source.id, c.state, c.detail, c.nextAllowedAt);
    return { ...outcome, state: c.state, detail: c.detail };
  }
}

interface Endpoint {
  path: string;
  tokenParam: 'pagination_token' | 'next_token';
  query?: Record<string, string>;
  author?: string;
}

/** Timeline of an account (its id resolved once and kept: ids never change) or a saved recent search. */
async function endpointFor(source: SourceRow, client: TwitterApi, db: Database.Database): Promise<Endpoint | null> {
  if (source.kind === 'x-search') return { path: 'tweets/search/recent', tokenParam: 'next_token', query: { query: String(source.config['query']) } };
  const username = String(source.config['username']);
  let userId = source.config['userId'] as string | undefined;
  if (!userId) {
    const res = await client.v2.get<{ data?: { id: string } }>(`users/by/username/${encodeURIComponent(username)}`);
    userId = res.data?.id;
    if (!userId) return null;
    source.config['userId'] = userId;
    saveConfig(db, source.id, source.config);
  }
  return { path: `users/${userId}/tweets`, tokenParam: 'pagination_token', author: username };
}
