import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

/**
 * A twitter-api-v2 plugin that sends the client's requests to another origin, "the verified way" of
 * x-api.md §1.3: `onBeforeRequest` rewrites protocol, hostname and port of `computedParams.url` (the
 * URL object that is actually requested). The library keys its rate-limit bookkeeping on the URL
 * computed *before* this hook, so keys stay `https://api.x.com/2/...` exactly as in production.
 *
 * Production installs no redirect at all: the client talks to the hard-coded `https://api.x.com`.
 * This plugin exists for tests against the local stand-in, so it refuses any origin that is not the
 * loopback (127.0.0.0/8, ::1, localhost) unless `allowRemote: true` is passed on purpose.
 */
export interface ApiRedirectOptions {
  /** Allow a non-loopback origin. Never needed by tests. */
  allowRemote?: boolean;
}

const API_HOSTS = new Set(['api.x.com', 'api.twitter.com', 'upload.x.com', 'upload.twitter.com']);

export function createApiRedirectPlugin(baseUrl: string, options: ApiRedirectOptions = {}): ITwitterApiClientPlugin {
  const target = new URL(baseUrl);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`API redirect: unsupported protocol in ${baseUrl}`);
  if (target.pathname !== '/' || target.search || target.username) throw new Error(`API redirect: give an origin only (scheme://host:port), got ${baseUrl}`);
  if (!options.allowRemote && !isLoopback(target.hostname)) throw new Error(`API redirect: ${target.hostname} is not a loopback address; refusing to redirect X API traffic there`);
  // twitter-api-v2 always calls https.request(); Node only accepts an http: URL with an http.Agent.
  const agent = target.protocol === 'http:' ? new http.Agent() : undefined;
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      const url = computedParams.url;
      // Fail closed: in a redirected client nothing may reach a host we did not expect.
      if (!API_HOSTS.has(url.hostname)) throw new Error(`API redirect: unexpected host ${url.hostname}`);
      url.protocol = target.protocol;
      url.hostname = target.hostname;
      url.port = target.port;
      if (agent) requestOptions.agent = agent;
      // The library passes `url.hostname` as the host, which keeps IPv6 brackets ("[::1]") that DNS cannot resolve.
      if (target.hostname.startsWith('[')) requestOptions.lookup = bracketLookup;
    },
  };
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return net.isIPv4(hostname) && hostname.startsWith('127.');
}

/** A `lookup` that strips IPv6 brackets and resolves the literal address. */
const bracketLookup = ((hostname: string, opts: dns.LookupOptions, callback: (...args: unknown[]) => void) =>
  dns.lookup(hostname.replace(/^\[|\]$/g, ''), opts, callback as never)) as unknown as net.LookupFunction;
