import type http from 'node:http';
import { createClock, type Clock } from '../shared/clock.js';
import { FaultQueue, type FaultSpec } from '../shared/faults.js';
import { sendJson, startHttpServer, type RunningServer } from '../shared/http-server.js';
import type { BskyActor, BskyPost, BskyRepost } from './data.js';
import { feedViewPost, profileDetailed, type FeedItem, type Indexed } from './views.js';

/**
 * Bluesky AppView stand-in (x-api.md §5.2): `app.bsky.actor.getProfile`,
 * `com.atproto.identity.resolveHandle` and `app.bsky.feed.getAuthorFeed` (cursor, filter,
 * includePins, reposts with `reason`), XRPC error bodies and `ratelimit-*` headers with 429.
 */
export interface BlueskyStandInOptions {
  port?: number;
  actors?: BskyActor[];
  posts?: BskyPost[];
  reposts?: BskyRepost[];
  now?: number;
  /** Requests per window per client IP; default 3000 per 300 s [ASSUMED: the AppView's are not documented]. */
  rateLimit?: { limit: number; windowS: number };
}

export interface BlueskyControl {
  clock: Clock;
  failNext(count: number, spec: FaultSpec): void;
  add(items: { actors?: BskyActor[]; posts?: BskyPost[]; reposts?: BskyRepost[] }): void;
  readonly requests: { method: string; url: string; status: number }[];
}

export interface BlueskyStandIn extends RunningServer {
  control: BlueskyControl;
}

const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;
const FILTERS = ['posts_with_replies', 'posts_no_replies', 'posts_with_media', 'posts_and_author_threads', 'posts_with_video'];

class XrpcError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}
/** XRPC's names for server-side statuses (`@atproto/xrpc` ResponseType). */
const XRPC_ERRORS: Record<number, string> = { 500: 'InternalServerError', 501: 'MethodNotImplemented', 502: 'UpstreamFailure', 503: 'NotEnoughResources', 504: 'UpstreamTimeout' };
const invalid = (message: string) => new XrpcError(400, 'InvalidRequest', message);

export async function startBlueskyStandIn(options: BlueskyStandInOptions = {}): Promise<BlueskyStandIn> {
  const clock = createClock(options.now);
  const data: Indexed = { actors: new Map(), posts: [], reposts: [] };
  const faults = new FaultQueue((status) => ({ body: { error: XRPC_ERRORS[status] ?? 'InternalServerError', message: 'stand-in fault' }, contentType: 'application/json; charset=utf-8' }));
  const { limit, windowS } = options.rateLimit ?? { limit: 3000, windowS: 300 };
  const windows = new Map<string, { resetS: number; used: number }>();
  const requests: BlueskyControl['requests'] = [];
  const control: BlueskyControl = {
    clock,
    failNext: (count, spec) => faults.failNext(count, spec),
    add(items) {
      for (const actor of items.actors ?? []) data.actors.set(actor.did, actor);
      data.posts.push(...(items.posts ?? []));
      data.reposts.push(...(items.reposts ?? []));
    },
    requests,
  };
  control.add(options);

  const visible = (iso: string) => Date.parse(iso) <= clock.now();

  function actorParam(q: URLSearchParams, name: string): BskyActor {
    const raw = q.get(name);
    if (raw === null) throw invalid(`Error: Params must have the property "${name}"`);
    if (!HANDLE.test(raw) && !DID.test(raw)) throw invalid(`Error: ${name} must be a valid did or a handle`);
    const actor = raw.startsWith('did:') ? data.actors.get(raw) : [...data.actors.values()].find((a) => a.handle === raw.toLowerCase());
    if (!actor) throw invalid('Profile not found');
    return actor;
  }

  function authorFeed(q: URLSearchParams): Record<string, unknown> {
    const actor = actorParam(q, 'actor');
    const rawLimit = q.get('limit') ?? '50';
    if (!/^-?\d+$/.test(rawLimit)) throw invalid('Error: limit must be an integer');
    const size = Number(rawLimit);
    if (size > 100) throw invalid('Error: limit can not be greater than 100');
    if (size < 1) throw invalid('Error: limit can not be less than 1');
    // `filter` has knownValues, not an enum: unknown values pass validation and act as the default [ASSUMED].
    const filter = FILTERS.includes(q.get('filter') ?? '') ? q.get('filter') : 'posts_with_replies';
    const cursor = q.get('cursor');
    const parsed = cursor === null ? undefined : /^(\d+)::(b[a-z2-7]+)$/.exec(cursor);
    if (parsed === null) throw invalid('Malformed cursor');
    const isReply = (p: BskyPost) => p.record.reply !== undefined;
    const ownThread = (p: BskyPost) => !isReply(p) || p.record.reply?.root.uri.startsWith(`at://${actor.did}/`);
    let items: FeedItem[] = data.posts.filter((p) => p.authorDid === actor.did && visible(p.indexedAt)).map((post) => ({ kind: 'post', post, sortAt: post.indexedAt }));
    if (filter !== 'posts_with_media' && filter !== 'posts_with_video') {
      items.push(...data.reposts.filter((r) => r.byDid === actor.did && visible(r.indexedAt)).map((repost): FeedItem => ({ kind: 'repost', repost, sortAt: repost.indexedAt })));
    }
    items = items.filter((item) => {
      if (item.kind !== 'post') return true;
      if (filter === 'posts_no_replies') return !isReply(item.post);
      if (filter === 'posts_with_media') return item.post.record.embed !== undefined;
      if (filter === 'posts_with_video') return false;
      if (filter === 'posts_and_author_threads') return ownThread(item.post);
      return true;
    });
    const cidOf = (item: FeedItem) => (item.kind === 'repost' ? item.repost.cid : item.post.cid);
    const key = (item: FeedItem): [number, string] => [Date.parse(item.sortAt), cidOf(item)];
    items.sort((a, b) => {
      const [am, ac] = key(a);
      const [bm, bc] = key(b);
      return bm - am || (bc > ac ? 1 : bc < ac ? -1 : 0);
    });
    if (parsed) {
      const ms = Number(parsed[1]);
      const cid = parsed[2] ?? '';
      items = items.filter((item) => key(item)[0] < ms || (key(item)[0] === ms && key(item)[1] < cid));
    }
    const page = items.slice(0, size);
    const pinned = data.posts.find((p) => p.uri === actor.pinnedPostUri);
    const pin: FeedItem[] = q.get('includePins') === 'true' && !cursor && pinned ? [{ kind: 'pin', post: pinned, sortAt: pinned.indexedAt }] : [];
    const out: Record<string, unknown> = {};
    // A cursor after a full page only [ASSUMED]: the next call may then answer an empty feed.
    const last = page.at(-1);
    if (last && page.length === size) out.cursor = `${key(last)[0]}::${key(last)[1]}`;
    out.feed = [...pin, ...page].map((item) => feedViewPost(item, data));
    return out;
  }

  function xrpc(method: string, q: URLSearchParams): unknown {
    switch (method) {
      case 'app.bsky.actor.getProfile':
        return profileDetailed(actorParam(q, 'actor'), data);
      case 'com.atproto.identity.resolveHandle': {
        const handle = q.get('handle');
        if (handle === null) throw invalid('Error: Params must have the property "handle"');
        if (!HANDLE.test(handle)) throw invalid('Error: handle must be a valid handle');
        const actor = [...data.actors.values()].find((a) => a.handle === handle.toLowerCase());
        if (!actor) throw invalid('Unable to resolve handle');
        return { did: actor.did };
      }
      case 'app.bsky.feed.getAuthorFeed':
        return authorFeed(q);
      default:
        throw new XrpcError(501, 'MethodNotImplemented', 'Method Not Implemented');
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in.invalid');
    const entry = { method: req.method ?? '', url: req.url ?? '/', status: 0 };
    requests.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      sendJson(res, status, body, headers);
    };
    const fault = faults.take(entry.url);
    if (fault) return void (entry.status = await faults.apply(fault, req, res));
    const nowS = Math.floor(clock.now() / 1000);
    const client = req.socket.remoteAddress ?? '';
    let window = windows.get(client);
    if (!window || nowS >= window.resetS) windows.set(client, (window = { resetS: nowS + windowS, used: 0 }));
    window.used += 1;
    const headers = {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(Math.max(0, limit - window.used)),
      'ratelimit-reset': String(window.resetS),
      'ratelimit-policy': `${limit};w=${windowS}`,
    };
    if (window.used > limit) return send(429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, headers);
    const m = /^\/xrpc\/([a-zA-Z0-9.]+)$/.exec(url.pathname);
    if (!m || req.method !== 'GET') return send(404, { error: 'NotFound', message: 'Not Found' }, headers);
    try {
      send(200, xrpc(m[1] ?? '', url.searchParams), headers);
    } catch (error) {
      if (!(error instanceof XrpcError)) throw error;
      send(error.status, { error: error.error, message: error.message }, headers);
    }
  }

  const server = await startHttpServer(handle, options.port ?? 0);
  return { ...server, control };
}
