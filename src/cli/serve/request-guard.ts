import type http from 'node:http';

/**
 * Host (and Origin, when a browser sends one) must name this very server on
 * loopback, which defeats DNS rebinding: a page on evil.example that rebinds
 * its name to 127.0.0.1 still sends `Host: evil.example`.
 */
export function hostAllowed(req: http.IncomingMessage, port: number): boolean {
  const allowed = allowedHosts(port);
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowed.has(host)) return false;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (parsed.protocol !== 'http:' || !allowed.has(parsed.host.toLowerCase())) return false;
  }
  return true;
}

/**
 * API calls come from our own page. A browser labels every request with
 * Sec-Fetch-Site, and a page on another port of 127.0.0.1 is "same-site", so
 * only same-origin and direct navigation ("none") pass; an opaque `Origin:
 * null` (a sandboxed frame, a redirected form) is never our page either.
 * Clients that send neither header (not a browser) still need the token.
 */
export function fetchSiteAllowed(req: http.IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin === 'null') return false;
  return site === undefined || site === 'same-origin' || site === 'none';
}

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}
