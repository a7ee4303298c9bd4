import crypto from 'node:crypto';
import type http from 'node:http';

/**
 * Who may call the browser host. `sightline serve` never puts a secret where
 * other users can read it (the process list, a URL handed to `xdg-open`): it
 * mints one-time sign-in codes, and a code, used once, becomes a session
 * cookie that is HttpOnly (page scripts cannot read it) and SameSite=Strict
 * (other sites' requests do not carry it). Cookies are not isolated by port,
 * so the cookie is named after the port and the host also refuses requests
 * whose Origin or Sec-Fetch-Site say they come from anywhere but this page.
 */
export class Sessions {
  private readonly codes = new Set<string>();
  private readonly sessions = new Set<string>();

  constructor(private readonly port: () => number) {}

  get cookieName(): string {
    return `sightline-${this.port()}`;
  }

  /** A new single-use sign-in code. */
  newCode(): string {
    const code = random();
    this.codes.add(code);
    return code;
  }

  /** Trades a code for a new session id, once; null for an unknown or used code. */
  redeem(code: string): string | null {
    if (!this.codes.delete(code)) return null;
    const session = random();
    this.sessions.add(session);
    return session;
  }

  setCookieHeader(session: string): string {
    return `${this.cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** Whether the request carries a live session cookie. */
  signedIn(req: http.IncomingMessage): boolean {
    const presented = readCookie(req.headers.cookie, this.cookieName);
    if (!presented) return false;
    for (const s of this.sessions) if (same(presented, s)) return true;
    return false;
  }
}

function random(): string {
  return crypto.randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
