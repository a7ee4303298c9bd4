import net from 'node:net';

/**
 * Where a Mastodon or Bluesky source may send requests. Production talks
 * https to the instance or AppView named in the source. Plain http is only
 * for the test stand-ins, so it is refused unless the host is the loopback;
 * a `baseUrl` given when adding a source exists for tests only, so it must
 * be a loopback origin whatever its scheme.
 */
export class RefusedOriginError extends Error {
  override readonly name = 'RefusedOriginError';
}

export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]' || hostname === '::1') return true;
  return net.isIPv4(hostname) && hostname.startsWith('127.');
}

function parseOrigin(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedOriginError(`"${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedOriginError(`${url.protocol} is not http or https (${raw})`);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) throw new RefusedOriginError(`give an origin only (scheme://host:port), got ${raw}`);
  return url;
}

/** The origin a sync may call: https anywhere, http only on the loopback. */
export function apiOrigin(raw: string): URL {
  const url = parseOrigin(raw);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) throw new RefusedOriginError(`refusing plain http to ${url.host}: only https, or http to the loopback (test stand-ins)`);
  return url;
}

/** A test base URL stored in a source: a loopback origin, nothing else. */
export function loopbackBaseUrl(raw: string): string {
  const url = parseOrigin(raw);
  if (!isLoopbackHost(url.hostname)) throw new RefusedOriginError(`a base URL is for the loopback test stand-ins only; ${url.hostname} is not a loopback address`);
  return url.origin;
}
