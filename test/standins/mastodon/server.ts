import type http from 'node:http';
import { createClock, type Clock } from '../shared/clock.js';
import { FaultQueue, type FaultSpec } from '../shared/faults.js';
import { sendJson, startHttpServer, type RunningServer } from '../shared/http-server.js';
import type { MastodonAccount, MastodonStatus } from './data.js';
import { accountJson, statusJson } from './render.js';

/**
 * Mastodon stand-in (x-api.md §5.1): `GET /api/v1/accounts/lookup` and
 * `GET /api/v1/accounts/:id/statuses` with Mastodon's pagination (max_id / since_id / min_id,
 * `Link` header), filters, HTML content, boosts, `X-RateLimit-*` headers with an ISO reset, and
 * its 401/404/429 bodies. Link headers point at the stand-in itself so clients can follow them.
 */
export interface MastodonStandInOptions {
  port?: number;
  accounts?: MastodonAccount[];
  statuses?: MastodonStatus[];
  /** Host name used in `url`/`uri` fields (the instance's public name). */
  domain?: string;
  now?: number;
  /** Requests per period per client (token, or the IP when anonymous); default 300 per 300 s. */
  rateLimit?: { limit: number; periodS: number };
  /** Whitelist/authorized-fetch mode: anonymous requests get 401. */
  requireAuth?: boolean;
  /** Valid access tokens. A Bearer token not listed gets 401. */
  tokens?: string[];
}

export interface MastodonControl {
  clock: Clock;
  failNext(count: number, spec: FaultSpec): void;
  addAccounts(accounts: MastodonAccount[]): void;
  addStatuses(statuses: MastodonStatus[]): void;
  readonly requests: { method: string; url: string; status: number }[];
}

export interface MastodonStandIn extends RunningServer {
  control: MastodonControl;
}

const NOT_FOUND = { error: 'Record not found' };
const FALSE_VALUES = ['0', 'f', 'false', 'off', 'F', 'FALSE', 'False', 'OFF', 'Off'];
const truthy = (v: string | null) => v !== null && v !== '' && !FALSE_VALUES.includes(v);
const numericId = (v: string | null) => (v !== null && /^\d+$/.test(v) ? BigInt(v) : undefined);

export async function startMastodonStandIn(options: MastodonStandInOptions = {}): Promise<MastodonStandIn> {
  const clock = createClock(options.now);
  const domain = options.domain ?? 'mastodon.example';
  const accounts = new Map<string, MastodonAccount>();
  let statuses: MastodonStatus[] = [];
  const faults = new FaultQueue((status) => ({ body: { error: status >= 500 ? 'Internal Server Error' : 'Error' }, contentType: 'application/json; charset=utf-8' }));
  const windows = new Map<string, { index: number; used: number }>();
  const { limit, periodS } = options.rateLimit ?? { limit: 300, periodS: 300 };
  const requests: MastodonControl['requests'] = [];
  let baseUrl = '';

  const control: MastodonControl = {
    clock,
    failNext: (count, spec) => faults.failNext(count, spec),
    addAccounts: (list) => list.forEach((a) => accounts.set(a.id, a)),
    addStatuses(list) {
      statuses = [...statuses, ...list].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    },
    requests,
  };
  control.addAccounts(options.accounts ?? []);
  control.addStatuses(options.statuses ?? []);

  /** Rack::Attack-style fixed windows aligned on the period; reset as ISO-8601 with microseconds. */
  function rateHeaders(client: string): { headers: Record<string, string>; over: boolean } {
    const nowS = clock.now() / 1000;
    const index = Math.floor(nowS / periodS);
    let window = windows.get(client);
    if (!window || window.index !== index) windows.set(client, (window = { index, used: 0 }));
    window.used += 1;
    const reset = new Date((index + 1) * periodS * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    return { headers: { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(Math.max(0, limit - window.used)), 'X-RateLimit-Reset': reset }, over: window.used > limit };
  }

  function accountStatuses(account: MastodonAccount, q: URLSearchParams): { body: unknown[]; link?: string } {
    const raw = q.get('limit');
    const size = raw === null ? 20 : Math.min(Math.abs(parseInt(raw, 10) || 0), 40);
    const [maxId, sinceId, minId] = [numericId(q.get('max_id')), numericId(q.get('since_id')), numericId(q.get('min_id'))];
    const tagged = q.get('tagged')?.toLowerCase();
    const now = clock.now();
    let list = statuses.filter((s) => s.accountId === account.id && Date.parse(s.createdAt) <= now && (s.visibility === 'public' || s.visibility === 'unlisted'));
    if (truthy(q.get('pinned'))) list = list.filter((s) => s.pinned);
    if (truthy(q.get('exclude_replies'))) list = list.filter((s) => !s.inReplyTo || s.inReplyTo.accountId === account.id);
    if (truthy(q.get('exclude_reblogs'))) list = list.filter((s) => !s.reblogOf);
    if (truthy(q.get('only_media'))) list = list.filter((s) => s.mediaCount > 0);
    if (tagged) list = list.filter((s) => s.tags.includes(tagged));
    if (maxId !== undefined) list = list.filter((s) => BigInt(s.id) < maxId);
    // min_id walks forward: the `size` statuses just above it (still answered newest first); it overrides since_id.
    let page: MastodonStatus[];
    if (minId !== undefined) page = list.filter((s) => BigInt(s.id) > minId).slice(-size);
    else page = list.filter((s) => sinceId === undefined || BigInt(s.id) > sinceId).slice(0, size);
    const body = page.map((s) => statusJson(s, domain, accounts, statuses));
    const carried = ['exclude_reblogs', 'exclude_replies', 'limit', 'only_media', 'pinned', 'tagged'].filter((k) => q.has(k));
    const href = (key: string, id: string) => {
      const params = [...carried.map((k) => [k, q.get(k) ?? '']), [key, id]].sort(([a], [b]) => ((a ?? '') < (b ?? '') ? -1 : 1));
      return `<${baseUrl}/api/v1/accounts/${account.id}/statuses?${new URLSearchParams(params).toString()}>`;
    };
    const links: string[] = [];
    // Mastodon offers "next" only after a full page, and "prev" whenever the page is not empty.
    if (page.length > 0 && page.length === size) links.push(`${href('max_id', page.at(-1)?.id ?? '')}; rel="next"`);
    if (page.length > 0) links.push(`${href('min_id', page[0]?.id ?? '')}; rel="prev"`);
    return links.length > 0 ? { body, link: links.join(', ') } : { body };
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
    // Rack::Attack throttles before the controller looks at the token, so 401s carry the headers too.
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const rate = rateHeaders(token ?? `ip:${req.socket.remoteAddress}`);
    if (rate.over) return send(429, { error: 'Too many requests' }, rate.headers);
    if (token !== undefined && !(options.tokens ?? []).includes(token)) return send(401, { error: 'The access token is invalid' }, rate.headers);
    if (token === undefined && options.requireAuth) return send(401, { error: 'This API requires an authenticated user' }, rate.headers);
    if (req.method !== 'GET') return send(404, NOT_FOUND, rate.headers);
    if (url.pathname === '/api/v1/accounts/lookup') {
      const acct = (url.searchParams.get('acct') ?? '').replace(/^@/, '');
      const [user, host] = acct.split('@');
      const account = [...accounts.values()].find((a) => a.username.toLowerCase() === user?.toLowerCase() && (host === undefined || host === domain));
      return account ? send(200, accountJson(account, domain, statuses), rate.headers) : send(404, NOT_FOUND, rate.headers);
    }
    const m = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(url.pathname);
    const account = m ? accounts.get(decodeURIComponent(m[1] ?? '')) : undefined;
    if (!account) return send(404, NOT_FOUND, rate.headers);
    const page = accountStatuses(account, url.searchParams);
    return send(200, page.body, page.link ? { ...rate.headers, Link: page.link } : rate.headers);
  }

  const server = await startHttpServer(handle, options.port ?? 0);
  baseUrl = server.baseUrl;
  return { ...server, control };
}
