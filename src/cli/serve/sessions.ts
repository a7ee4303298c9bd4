import crypto from 'node:crypto';
import type http from 'node:http';

/** How long an unused sign-in link works. */
const CODE_LIFETIME_MS = 15 * 60 * 1000;

/**
 * Who may call the browser host. `sightline serve` never puts a secret where
 * other users can read it (the process list, a URL handed to `xdg-open`): it
 * mints one-time sign-in codes, which the page trades (POST /api/session) for
 * a session token it keeps in its tab's sessionStorage and sends as
 * `Authorization: Bearer`. Not a cookie: browsers send cookies for 127.0.0.1
 * to every port of it, so any other local server the user visits would
 * receive one; sessionStorage belongs to this origin, port included.
 */
export class Sessions {
  private readonly codes = new Map<string, number>();
  private readonly sessions = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new single-use sign-in code, valid for 15 minutes. */
  newCode(): string {
    const code = random();
    this.codes.set(code, this.now() + CODE_LIFETIME_MS);
    return code;
  }

  /** Trades a code for a new session token, once; null for an unknown, used or expired code. */
  redeem(code: string): string | null {
    const expires = this.codes.get(code);
    if (expires === undefined) return null;
    this.codes.delete(code);
    if (expires < this.now()) return null;
    const session = random();
    this.sessions.add(session);
    return session;
  }

  /** Whether the request carries a live session token. */
  signedIn(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
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
