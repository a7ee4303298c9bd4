import type { Clock } from '../shared/clock.js';
import { computeEntities, cutXText, linkify, type Entities, type XText } from './entities.js';
import { ID_PATTERN } from './snowflake.js';
import type { StandInPost, StandInUser } from './types.js';

/** A post with everything X derives from it, computed once when it is added. */
export interface StoredPost {
  post: StandInPost;
  id: bigint;
  ms: number;
  authorId: string;
  /** What `text` shows: t.co links, cut at 280 code points (140 + `…` for retweets). */
  shown: XText;
  shownEntities: Entities | undefined;
  /** Set when the post is longer than 280 code points (x-api.md §2.2). */
  note?: { text: string; entities: Entities | undefined };
  isReply: boolean;
  isRetweet: boolean;
  isQuote: boolean;
}

/** Users and posts of the stand-in; posts kept newest first. */
export class Store {
  private readonly usersById = new Map<string, StandInUser>();
  private readonly usersByName = new Map<string, StandInUser>();
  private posts: StoredPost[] = [];
  private readonly postsById = new Map<string, StoredPost>();

  constructor(private readonly clock: Clock) {}

  clear(): void {
    this.usersById.clear();
    this.usersByName.clear();
    this.posts = [];
    this.postsById.clear();
  }

  addUsers(users: StandInUser[]): void {
    for (const user of users) {
      if (!ID_PATTERN.test(user.id)) throw new Error(`user ${user.username}: id must be 1-19 digits, got ${user.id}`);
      this.usersById.set(user.id, user);
      this.usersByName.set(user.username.toLowerCase(), user);
    }
  }

  /** Adds posts; every author must be a known user (by `authorUsername`). */
  addPosts(posts: StandInPost[]): StoredPost[] {
    const added = posts.map((post) => this.derive(post));
    for (const stored of added) {
      if (this.postsById.has(stored.post.id)) throw new Error(`duplicate post id ${stored.post.id}`);
      this.postsById.set(stored.post.id, stored);
    }
    this.posts = [...this.posts, ...added].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return added;
  }

  userById(id: string): StandInUser | undefined {
    return this.usersById.get(id);
  }

  userByName(username: string): StandInUser | undefined {
    return this.usersByName.get(username.replace(/^@/, '').toLowerCase());
  }

  postById(id: string): StoredPost | undefined {
    return this.postsById.get(id);
  }

  /** Posts already published by the stand-in clock, newest first. */
  visiblePosts(): StoredPost[] {
    const now = this.clock.now();
    return this.posts.filter((p) => p.ms <= now);
  }

  /** The newest visible post of a user (for `most_recent_tweet_id`). */
  mostRecentOf(userId: string): StoredPost | undefined {
    return this.visiblePosts().find((p) => p.authorId === userId);
  }

  private derive(post: StandInPost): StoredPost {
    const author = this.userByName(post.authorUsername);
    if (!author) throw new Error(`post ${post.id}: unknown author ${post.authorUsername}; add the user first`);
    if (!ID_PATTERN.test(post.id)) throw new Error(`post id must be 1-19 digits, got ${post.id}`);
    const ms = Date.parse(post.createdAt);
    if (Number.isNaN(ms)) throw new Error(`post ${post.id}: invalid createdAt ${post.createdAt}`);
    const full = linkify(post.text);
    const idOf = (username: string) => this.userByName(username)?.id;
    const isRetweet = post.retweetOf !== undefined;
    const shown = isRetweet ? cutXText(full, 140, '…') : cutXText(full, 280);
    const stored: StoredPost = {
      post,
      id: BigInt(post.id),
      ms,
      authorId: author.id,
      shown,
      shownEntities: computeEntities(shown, idOf),
      isReply: post.replyTo !== undefined,
      isRetweet,
      isQuote: post.quoteOf !== undefined,
    };
    if (!isRetweet && shown !== full) stored.note = { text: full.text, entities: computeEntities(full, idOf) };
    return stored;
  }
}
