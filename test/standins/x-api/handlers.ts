import type { Clock } from '../shared/clock.js';
import { EXCLUDE_VALUES, MEDIA_FIELDS, PLACE_FIELDS, POLL_FIELDS, TWEET_EXPANSIONS, TWEET_FIELDS, USER_EXPANSIONS, USER_FIELDS } from './fields.js';
import { decodeToken, paginate, type TokenKind } from './pagination.js';
import { Params, type Selection } from './params.js';
import { invalidRequest, notAuthorized, notFound, suspended, type ResourceError } from './problems.js';
import { postIncludes, renderPost, renderUser, userIncludes, type Extras } from './render.js';
import { parseQuery, QueryError } from './search-query.js';
import { ID_PATTERN, msFromSnowflake } from './snowflake.js';
import type { Store, StoredPost } from './store.js';

/** The endpoint handlers of x-api.md §2.3–2.5; each answers a status and a JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}
export interface Context {
  store: Store;
  clock: Clock;
  maxQueryLength: number;
}

const USERNAME = /^[A-Za-z0-9_]{1,15}$/;
const FIELD_PARAMS = ['tweet.fields', 'expansions', 'media.fields', 'poll.fields', 'user.fields', 'place.fields'];
const EARLIEST = Date.parse('2010-11-06T00:00:01Z');
const DAY_MS = 86_400_000;

function selection(p: Params, expansions: readonly string[]): Selection {
  for (const [name, known] of [['media.fields', MEDIA_FIELDS], ['place.fields', PLACE_FIELDS], ['poll.fields', POLL_FIELDS]] as const) p.list(name, known);
  return { tweetFields: p.list('tweet.fields', TWEET_FIELDS), userFields: p.list('user.fields', USER_FIELDS), expansions: p.list('expansions', expansions) };
}

const bad = (p: Params): Answer => ({ status: 400, body: invalidRequest(p.errors) });

/** Keys with values only, in X's order: data, includes, errors, meta. */
function body(data: unknown, extras: Extras, meta?: unknown, errors: ResourceError[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (data !== undefined) out.data = data;
  if (extras.includes) out.includes = extras.includes;
  const allErrors = [...errors, ...(extras.errors ?? [])];
  if (allErrors.length > 0) out.errors = allErrors;
  if (meta !== undefined) out.meta = meta;
  return out;
}

export function usersBy(query: URLSearchParams, ctx: Context): Answer {
  const p = new Params(query, ['usernames', 'user.fields', 'expansions', 'tweet.fields']);
  const raw = p.required('usernames');
  const names = raw === undefined ? [] : raw.split(',');
  if (names.length > 100) p.fail('usernames', raw ?? '', `The number of values in the \`usernames\` query parameter list [${names.length}] is not between 1 and 100`);
  else for (const name of names) p.matching('usernames', USERNAME, name);
  const sel = selection(p, USER_EXPANSIONS);
  if (p.errors.length > 0) return bad(p);
  const unique = names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);
  const users = [];
  const errors: ResourceError[] = [];
  for (const name of unique) {
    const user = ctx.store.userByName(name);
    if (!user) errors.push(notFound('user', 'usernames', name));
    else if (user.suspended) errors.push(suspended('usernames', name));
    else users.push(user);
  }
  const data = users.length > 0 ? users.map((u) => renderUser(u, sel, ctx.store)) : undefined;
  return { status: 200, body: body(data, userIncludes(users, sel, ctx.store), undefined, errors) };
}

export function userByUsername(username: string, query: URLSearchParams, ctx: Context): Answer {
  const p = new Params(query, ['user.fields', 'expansions', 'tweet.fields']);
  p.matching('username', USERNAME, username);
  const sel = selection(p, USER_EXPANSIONS);
  if (p.errors.length > 0) return bad(p);
  const user = ctx.store.userByName(username);
  if (!user) return { status: 200, body: { errors: [notFound('user', 'username', username)] } };
  if (user.suspended) return { status: 200, body: { errors: [suspended('username', username)] } };
  return { status: 200, body: body(renderUser(user, sel, ctx.store), userIncludes([user], sel, ctx.store)) };
}

/** pagination_token (and next_token for search) → cursor, or a 400 entry. */
function readCursor(p: Params, names: string[], kind: TokenKind) {
  const given = names.filter((n) => p.get(n) !== undefined);
  if (given.length > 1) p.exclusive(names[0] ?? '', names[1] ?? '');
  const name = given[0];
  const raw = name === undefined ? undefined : p.get(name);
  if (name === undefined || raw === undefined) return undefined;
  const cursor = decodeToken(kind, raw);
  if (!cursor) p.fail(name, raw, `The \`${name}\` query parameter value [${raw}] is not a valid pagination token`);
  return cursor;
}

function filterByBounds(posts: StoredPost[], b: { since?: bigint; until?: bigint; start?: number; end?: number }): StoredPost[] {
  return posts.filter((sp) =>
    (b.since === undefined || sp.id > b.since) && (b.until === undefined || sp.id < b.until) &&
    (b.start === undefined || sp.ms >= b.start) && (b.end === undefined || sp.ms <= b.end));
}

export function userTweets(userId: string, query: URLSearchParams, ctx: Context): Answer {
  const p = new Params(query, ['since_id', 'until_id', 'max_results', 'pagination_token', 'exclude', 'start_time', 'end_time', ...FIELD_PARAMS]);
  p.matching('id', ID_PATTERN, userId);
  const max = p.int('max_results', 5, 100, 10);
  const cursor = readCursor(p, ['pagination_token'], 'timeline');
  const bounds = { since: p.id('since_id'), until: p.id('until_id'), start: p.time('start_time', EARLIEST, '2010-11-06T00:00:01Z'), end: p.time('end_time', EARLIEST, '2010-11-06T00:00:01Z') };
  p.exclusive('since_id', 'start_time');
  const exclude = p.list('exclude', EXCLUDE_VALUES);
  const sel = selection(p, TWEET_EXPANSIONS);
  if (p.errors.length > 0) return bad(p);
  const user = ctx.store.userById(userId);
  if (!user) return { status: 200, body: { errors: [notFound('user', 'id', userId)] } };
  if (user.suspended) return { status: 200, body: { errors: [suspended('id', userId)] } };
  if (user.protected) return { status: 200, body: { errors: [notAuthorized('id', userId)] } };
  // Only the most recent 3,200 Posts (800 with exclude=replies) are reachable, before filtering [choice: cap first].
  const reachable = ctx.store.visiblePosts().filter((sp) => sp.authorId === userId).slice(0, exclude.has('replies') ? 800 : 3200);
  const posts = filterByBounds(reachable, bounds).filter((sp) => !(exclude.has('replies') && sp.isReply) && !(exclude.has('retweets') && sp.isRetweet));
  const { page, meta } = paginate(posts, max, cursor, 'timeline');
  const data = page.length > 0 ? page.map((sp) => renderPost(sp, sel, ctx.store)) : undefined;
  return { status: 200, body: body(data, postIncludes(page, sel, ctx.store), meta) };
}

/** X writes these limits as `YYYY-MM-DDTHH:mmZ`. */
const minuteIso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

export function searchRecent(query: URLSearchParams, ctx: Context): Answer {
  const p = new Params(query, ['query', 'start_time', 'end_time', 'since_id', 'until_id', 'max_results', 'next_token', 'pagination_token', 'sort_order', ...FIELD_PARAMS]);
  const now = ctx.clock.now();
  const windowStart = now - 7 * DAY_MS;
  const q = p.required('query');
  if (q !== undefined && q.length > ctx.maxQueryLength) p.fail('query', q, `The \`query\` query parameter value [${q}] is not between 1 and ${ctx.maxQueryLength} characters long`);
  const max = p.int('max_results', 10, 100, 10);
  const cursor = readCursor(p, ['next_token', 'pagination_token'], 'search');
  const since = p.id('since_id');
  const until = p.id('until_id');
  for (const [name, id] of [['since_id', since], ['until_id', until]] as const) {
    if (id !== undefined && msFromSnowflake(id.toString()) < windowStart) {
      p.fail(name, id.toString(), `Invalid '${name}':'${id}'. '${name}' must be a tweet id created after ${minuteIso(windowStart)}`);
    }
  }
  const start = p.time('start_time', windowStart, minuteIso(windowStart));
  const end = p.time('end_time', windowStart, minuteIso(windowStart));
  if (end !== undefined && end > now - 10_000) p.fail('end_time', p.get('end_time') ?? '', `Invalid 'end_time':'${p.get('end_time')}'. 'end_time' must be a minimum of 10 seconds prior to the request time.`);
  if (start !== undefined && end !== undefined && start >= end) p.fail('start_time', p.get('start_time') ?? '', `Invalid 'start_time':'${p.get('start_time')}'. 'start_time' must be before 'end_time'`);
  p.exclusive('until_id', 'start_time');
  p.oneOf('sort_order', ['recency', 'relevancy'], 'recency');
  const sel = selection(p, TWEET_EXPANSIONS);
  let matcher: ((sp: StoredPost) => boolean) | undefined;
  try {
    if (q !== undefined && p.errors.length === 0) matcher = parseQuery(q, ctx.store);
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    p.fail('query', q ?? '', error.message);
  }
  if (p.errors.length > 0 || !matcher) return bad(p);
  const searchable = ctx.store.visiblePosts().filter((sp) => {
    const author = ctx.store.userById(sp.authorId);
    return author && !author.protected && !author.suspended && (matcher as (sp: StoredPost) => boolean)(sp);
  });
  // relevancy is answered in recency order [stand-in simplification].
  const posts = filterByBounds(searchable, { since, until, start: start ?? windowStart, end: end ?? now - 10_000 });
  const { page, meta } = paginate(posts, max, cursor, 'search');
  const data = page.length > 0 ? page.map((sp) => renderPost(sp, sel, ctx.store)) : undefined;
  return { status: 200, body: body(data, postIncludes(page, sel, ctx.store), meta) };
}
