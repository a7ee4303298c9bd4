import crypto from 'node:crypto';
import type http from 'node:http';

/**
 * The two checks every request to the local host passes before anything else:
 * - Host (and Origin, when a browser sends one) must name this very server on
 *   loopback, which defeats DNS rebinding: a page on evil.example that rebinds
 *   its name to 127.0.0.1 still sends `Host: evil.example`.
 * - API calls carry the per-launch token, so other local users' or other
 *   sites' pages cannot drive the engine even on the right address.
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

export function tokenValid(req: http.IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}
