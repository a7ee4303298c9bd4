import { notFound, type ResourceError } from './problems.js';
import type { Selection } from './params.js';
import type { Store, StoredPost } from './store.js';
import type { StandInUser } from './types.js';

type Json = Record<string, unknown>;

/** A Post object: `{id, text, edit_history_tweet_ids}` plus the requested fields (x-api.md §2.2). */
export function renderPost(sp: StoredPost, sel: Selection, store: Store): Json {
  const p = sp.post;
  const f = sel.tweetFields;
  const e = sel.expansions;
  const out: Json = { id: p.id, text: sp.shown.text, edit_history_tweet_ids: [p.id] };
  if (f.has('created_at')) out.created_at = new Date(sp.ms).toISOString();
  // An expansion implies its id field.
  if (f.has('author_id') || e.has('author_id')) out.author_id = sp.authorId;
  if (f.has('conversation_id')) out.conversation_id = p.conversationId ?? p.id;
  const replyUserId = p.replyTo ? store.userByName(p.replyTo.authorUsername)?.id : undefined;
  if ((f.has('in_reply_to_user_id') || e.has('in_reply_to_user_id')) && replyUserId) out.in_reply_to_user_id = replyUserId;
  const refs = referencedTweets(sp);
  if ((f.has('referenced_tweets') || e.has('referenced_tweets.id') || e.has('referenced_tweets.id.author_id')) && refs.length > 0) {
    out.referenced_tweets = refs;
  }
  if (f.has('entities') && sp.shownEntities) out.entities = sp.shownEntities;
  if (f.has('lang')) out.lang = p.lang ?? 'en';
  if (f.has('possibly_sensitive')) out.possibly_sensitive = p.possiblySensitive ?? false;
  if (f.has('public_metrics')) {
    out.public_metrics = { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0, ...p.publicMetrics };
  }
  if (f.has('note_tweet') && sp.note) out.note_tweet = sp.note.entities ? { text: sp.note.text, entities: sp.note.entities } : { text: sp.note.text };
  return out;
}

function referencedTweets(sp: StoredPost): { type: string; id: string }[] {
  const refs: { type: string; id: string }[] = [];
  if (sp.post.replyTo) refs.push({ type: 'replied_to', id: sp.post.replyTo.id });
  if (sp.post.quoteOf) refs.push({ type: 'quoted', id: sp.post.quoteOf });
  if (sp.post.retweetOf) refs.push({ type: 'retweeted', id: sp.post.retweetOf });
  return refs;
}

/** A User object: `{id, name, username}` plus the requested `user.fields`. */
export function renderUser(user: StandInUser, sel: Selection, store: Store): Json {
  const f = sel.userFields;
  const out: Json = { id: user.id, name: user.name, username: user.username };
  if (f.has('created_at')) out.created_at = user.created_at ?? '2012-03-14T09:00:00.000Z';
  if (f.has('description')) out.description = user.description ?? '';
  if (f.has('protected')) out.protected = user.protected ?? false;
  if (f.has('verified')) out.verified = user.verified ?? false;
  if (f.has('location') && user.location) out.location = user.location;
  if (f.has('url')) out.url = user.url ?? '';
  if (f.has('public_metrics')) {
    const tweetCount = store.visiblePosts().filter((p) => p.authorId === user.id).length;
    out.public_metrics = { followers_count: 0, following_count: 0, tweet_count: tweetCount, listed_count: 0, like_count: 0, media_count: 0, ...user.public_metrics };
  }
  const mostRecent = store.mostRecentOf(user.id);
  if ((f.has('pinned_tweet_id') || sel.expansions.has('pinned_tweet_id')) && user.pinned_tweet_id) out.pinned_tweet_id = user.pinned_tweet_id;
  if ((f.has('most_recent_tweet_id') || sel.expansions.has('most_recent_tweet_id')) && mostRecent) out.most_recent_tweet_id = mostRecent.post.id;
  return out;
}

export interface Extras {
  includes?: { users?: Json[]; tweets?: Json[] };
  errors?: ResourceError[];
}

/** `includes` (and inline errors for referenced Posts that are gone) for a page of Posts. */
export function postIncludes(posts: StoredPost[], sel: Selection, store: Store): Extras {
  const e = sel.expansions;
  const users = new Map<string, StandInUser>();
  const tweets = new Map<string, StoredPost>();
  const errors: ResourceError[] = [];
  const addUser = (user: StandInUser | undefined) => user && !users.has(user.id) && users.set(user.id, user);
  for (const sp of posts) {
    if (e.has('author_id')) addUser(store.userById(sp.authorId));
    if (e.has('in_reply_to_user_id') && sp.post.replyTo) addUser(store.userByName(sp.post.replyTo.authorUsername));
    if (e.has('entities.mentions.username')) for (const m of sp.shownEntities?.mentions ?? []) addUser(store.userByName(m.username));
    if (e.has('referenced_tweets.id') || e.has('referenced_tweets.id.author_id')) {
      for (const ref of referencedTweets(sp)) {
        const target = store.postById(ref.id);
        if (target) tweets.set(ref.id, target);
        else if (!errors.some((err) => err.value === ref.id)) errors.push(notFound('tweet', 'referenced_tweets.id', ref.id));
      }
    }
  }
  if (e.has('referenced_tweets.id.author_id')) for (const sp of tweets.values()) addUser(store.userById(sp.authorId));
  return extras(users, e.has('referenced_tweets.id') ? [...tweets.values()] : [], errors, sel, store);
}

/** `includes.tweets` for the users endpoints' `pinned_tweet_id` / `most_recent_tweet_id` expansions. */
export function userIncludes(users: StandInUser[], sel: Selection, store: Store): Extras {
  const tweets = new Map<string, StoredPost>();
  for (const user of users) {
    const pinned = user.pinned_tweet_id ? store.postById(user.pinned_tweet_id) : undefined;
    if (sel.expansions.has('pinned_tweet_id') && pinned) tweets.set(pinned.post.id, pinned);
    const recent = store.mostRecentOf(user.id);
    if (sel.expansions.has('most_recent_tweet_id') && recent) tweets.set(recent.post.id, recent);
  }
  return extras(new Map(), [...tweets.values()], [], sel, store);
}

function extras(users: Map<string, StandInUser>, tweets: StoredPost[], errors: ResourceError[], sel: Selection, store: Store): Extras {
  const out: Extras = {};
  if (users.size > 0 || tweets.length > 0) {
    out.includes = {};
    if (users.size > 0) out.includes.users = [...users.values()].map((u) => renderUser(u, sel, store));
    if (tweets.length > 0) out.includes.tweets = tweets.map((t) => renderPost(t, sel, store));
  }
  if (errors.length > 0) out.errors = errors;
  return out;
}
