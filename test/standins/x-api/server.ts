import type http from 'node:http';
import { createClock } from '../shared/clock.js';
import { FaultQueue, type FaultSpec } from '../shared/faults.js';
import { sendJson, startHttpServer, type RunningServer } from '../shared/http-server.js';
import { AuthAndRateLimit, bearerToken, LIMITS_PAY_PER_USE } from './auth-rate.js';
import { searchRecent, userByUsername, usersBy, userTweets, type Answer, type Context } from './handlers.js';
import { handleMockRoute } from './mock-routes.js';
import { PROBLEM_JSON, ROUTE_NOT_FOUND, serverError } from './problems.js';
import { Store } from './store.js';
import type { EndpointKey, LoggedRequest, RateLimits, StandInPost, StandInUser, TokenBehaviour, XApiStandInOptions } from './types.js';

/** In-process control of a running stand-in (the same powers as the `/__mock/...` routes). */
export interface XApiControl {
  now(): number;
  setNow(ms: number): void;
  advance(ms: number): void;
  useRealTime(): void;
  /** The next `count` matching `/2/` requests fail this way, before auth is checked. */
  failNext(count: number, spec: FaultSpec): void;
  addUsers(users: StandInUser[]): void;
  addPosts(posts: StandInPost[]): void;
  userById(id: string): StandInUser | undefined;
  authorOf(postId: string): string | undefined;
  setToken(token: string, behaviour: TokenBehaviour): void;
  setLimits(limits: Partial<RateLimits>): void;
  resetRateLimits(): void;
  /** Clears users, posts, the request log, faults and rate windows. */
  reset(): void;
  /** Every `/2/` request received, oldest first. */
  readonly requests: LoggedRequest[];
}

export interface XApiStandIn extends RunningServer {
  control: XApiControl;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const API_VERSION = { 'api-version': '2.168' };

interface Route {
  endpoint: EndpointKey;
  run: (query: URLSearchParams, ctx: Context) => Answer;
}

function route(method: string | undefined, path: string): Route | undefined {
  if (method !== 'GET') return undefined;
  if (path === '/2/users/by') return { endpoint: 'usersBy', run: usersBy };
  if (path === '/2/tweets/search/recent') return { endpoint: 'searchRecent', run: searchRecent };
  let m = /^\/2\/users\/by\/username\/([^/]+)$/.exec(path);
  if (m) {
    const username = decodeURIComponent(m[1] ?? '');
    return { endpoint: 'userByUsername', run: (q, ctx) => userByUsername(username, q, ctx) };
  }
  m = /^\/2\/users\/([^/]+)\/tweets$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1] ?? '');
    return { endpoint: 'userTweets', run: (q, ctx) => userTweets(id, q, ctx) };
  }
  return undefined;
}

/**
 * Starts the X API v2 stand-in of x-api.md §2 on 127.0.0.1. Order per request: fault injection →
 * route (unknown path: 404) → auth → rate limit → parameter validation → handler.
 */
export async function startXApiStandIn(options: XApiStandInOptions = {}): Promise<XApiStandIn> {
  const clock = createClock(options.now);
  const store = new Store(clock);
  const tokens = new Map(Object.entries(options.tokens ?? {}));
  const gate = new AuthAndRateLimit(tokens, { ...LIMITS_PAY_PER_USE, ...options.limits }, clock);
  const faults = new FaultQueue(serverError);
  const requests: LoggedRequest[] = [];
  const ctx: Context = { store, clock, maxQueryLength: options.maxQueryLength ?? 512 };
  store.addUsers(options.users ?? []);
  store.addPosts(options.posts ?? []);

  const control: XApiControl = {
    now: () => clock.now(),
    setNow: (ms) => clock.setNow(ms),
    advance: (ms) => clock.advance(ms),
    useRealTime: () => clock.useRealTime(),
    failNext: (count, spec) => faults.failNext(count, spec),
    addUsers: (users) => store.addUsers(users),
    addPosts: (posts) => void store.addPosts(posts),
    userById: (id) => store.userById(id),
    authorOf: (postId) => store.postById(postId)?.post.authorUsername,
    setToken: (token, behaviour) => void tokens.set(token, behaviour),
    setLimits: (limits) => void Object.assign(gate.limits, limits),
    resetRateLimits: () => gate.resetWindows(),
    reset() {
      store.clear();
      requests.length = 0;
      faults.clear();
      gate.resetWindows();
    },
    requests,
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://stand-in.invalid');
    if (url.pathname.startsWith('/__mock/')) return handleMockRoute(req, res, url.pathname, control);
    const entry: LoggedRequest = { method: req.method ?? '', url: rawUrl, auth: bearerToken(req.headers.authorization), status: 0 };
    requests.push(entry);
    const fault = faults.take(rawUrl);
    if (fault) {
      entry.status = await faults.apply(fault, req, res);
      return;
    }
    const found = route(req.method, url.pathname);
    if (!found) {
      entry.status = 404;
      return sendJson(res, 404, ROUTE_NOT_FOUND, API_VERSION, PROBLEM_JSON);
    }
    const checked = gate.check(entry.auth, found.endpoint);
    const answer = checked.reject ?? found.run(url.searchParams, ctx);
    entry.status = answer.status;
    sendJson(res, answer.status, answer.body, { ...checked.headers, ...API_VERSION }, answer.status === 200 ? JSON_TYPE : PROBLEM_JSON);
  }

  const server = await startHttpServer(handle, options.port ?? 0, options.host, options.tls);
  return { ...server, control };
}
