import type http from 'node:http';
import { readJson, sendJson } from '../shared/http-server.js';
import type { FaultSpec } from '../shared/faults.js';
import type { XApiControl } from './server.js';
import type { StandInPost, StandInUser } from './types.js';
import { makePost } from './make-post.js';

/**
 * The test-control routes of x-api.md §2.8, for tests that drive the stand-in over HTTP (for example
 * from another process). In-process tests use `control` directly. These paths do not exist on X.
 */
interface MockTweet {
  author_id: string;
  text: string;
  created_at?: string;
  id?: string;
  /** t.co → real URL: the real URL is put back into the text; the stand-in makes its own t.co link. */
  urls?: { url: string; expanded_url: string }[];
  referenced_tweets?: { type: 'replied_to' | 'quoted' | 'retweeted'; id: string }[];
  lang?: string;
}

interface MockFault {
  path?: string;
  status: number;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  count?: number;
  delayMs?: number;
  destroySocket?: boolean;
}

export async function handleMockRoute(req: http.IncomingMessage, res: http.ServerResponse, path: string, control: XApiControl): Promise<void> {
  const route = `${req.method} ${path}`;
  try {
    switch (route) {
      case 'POST /__mock/reset':
        control.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /__mock/users':
        control.addUsers((await readJson(req)) as StandInUser[]);
        return sendJson(res, 200, { ok: true });
      case 'POST /__mock/tweets': {
        const posts = ((await readJson(req)) as MockTweet[]).map((t) => toPost(t, control));
        control.addPosts(posts);
        return sendJson(res, 200, posts);
      }
      case 'POST /__mock/faults': {
        const body = (await readJson(req)) as MockFault | MockFault[];
        for (const f of Array.isArray(body) ? body : [body]) {
          const spec: FaultSpec = { status: f.destroySocket ? 'reset' : f.status };
          if (f.path !== undefined) spec.path = f.path;
          if (f.body !== undefined) spec.body = f.body;
          if (f.contentType !== undefined) spec.contentType = f.contentType;
          if (f.headers !== undefined) spec.headers = f.headers;
          if (f.delayMs !== undefined) spec.delayMs = f.delayMs;
          control.failNext(f.count ?? 1, spec);
        }
        return sendJson(res, 200, { ok: true });
      }
      case 'POST /__mock/clock':
        control.setNow(((await readJson(req)) as { now: number }).now);
        return sendJson(res, 200, { now: control.now() });
      case 'POST /__mock/rate-limits/reset':
        control.resetRateLimits();
        return sendJson(res, 200, { ok: true });
      case 'GET /__mock/requests':
        return sendJson(res, 200, control.requests);
      default:
        return sendJson(res, 404, { error: `no mock route ${route}` });
    }
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function toPost(t: MockTweet, control: XApiControl): StandInPost {
  const author = control.userById(t.author_id);
  if (!author) throw new Error(`unknown author_id ${t.author_id}`);
  let text = t.text;
  for (const u of t.urls ?? []) text = text.split(u.url).join(u.expanded_url);
  const post = makePost({ authorUsername: author.username, text, createdAt: t.created_at ?? control.now(), ...(t.lang ? { lang: t.lang } : {}) });
  if (t.id) post.id = t.id;
  for (const ref of t.referenced_tweets ?? []) {
    if (ref.type === 'quoted') post.quoteOf = ref.id;
    else if (ref.type === 'retweeted') post.retweetOf = ref.id;
    else post.replyTo = { id: ref.id, authorUsername: control.authorOf(ref.id) ?? author.username };
  }
  return post;
}
