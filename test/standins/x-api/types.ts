import type { LoopbackHost } from '../shared/http-server.js';

/** Data and option types of the X API v2 stand-in (x-api.md §2). */

/** How the stand-in answers a Bearer token (x-api.md §2.1, §2.6, §2.7). Unknown tokens get 401. */
export type TokenBehaviour = 'ok' | 'unauthorized' | 'forbidden' | 'no-credits' | 'usage-capped';

/** A post as its author wrote it: URLs are real; the stand-in shows them as t.co links. */
export interface StandInPost {
  /** Snowflake id (decimal string); `makePost` derives it from `createdAt`. */
  id: string;
  authorUsername: string;
  text: string;
  /** ISO-8601. Posts newer than the stand-in clock are not visible yet. */
  createdAt: string;
  lang?: string;
  /** Replied-to post and its author (for `in_reply_to_user_id`). */
  replyTo?: { id: string; authorUsername: string };
  quoteOf?: string;
  retweetOf?: string;
  conversationId?: string;
  possiblySensitive?: boolean;
  publicMetrics?: Partial<PostMetrics>;
}

export interface PostMetrics {
  retweet_count: number;
  reply_count: number;
  like_count: number;
  quote_count: number;
  bookmark_count: number;
  impression_count: number;
}

export interface StandInUser {
  id: string;
  username: string;
  name: string;
  /** Timeline → 200 with an `Authorization Error`; search skips the account. */
  protected?: boolean;
  /** users/by → `User has been suspended`; timeline likewise; search skips the account. */
  suspended?: boolean;
  created_at?: string;
  description?: string;
  verified?: boolean;
  location?: string;
  url?: string;
  pinned_tweet_id?: string;
  public_metrics?: Record<string, number>;
}

/** Requests per 15-minute window per (token, endpoint). */
export interface RateLimits {
  usersBy: number;
  userByUsername: number;
  userTweets: number;
  searchRecent: number;
}

export type EndpointKey = keyof RateLimits;

export interface XApiStandInOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: LoopbackHost;
  /** Serve HTTPS with this key and certificate (e.g. `loopbackTls()`); default plain HTTP. */
  tls?: { key: string; cert: string };
  posts?: StandInPost[];
  users?: StandInUser[];
  /** token → behaviour; default `{}` (every request is 401). */
  tokens?: Record<string, TokenBehaviour>;
  /** Freezes the clock at this epoch ms; default: the live clock. */
  now?: number;
  /** Default: `LIMITS_PAY_PER_USE`. */
  limits?: Partial<RateLimits>;
  /** Search `query` length cap: 512 self-serve / pay-per-use (default), 4096 Enterprise. */
  maxQueryLength?: number;
}

export interface LoggedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  /** The Bearer token sent, or null. */
  auth: string | null;
  /** 0 when a fault reset the socket. */
  status: number;
}
