import { createHash } from 'node:crypto';
import { snowflakeFromMs } from './snowflake.js';
import type { StandInPost, StandInUser } from './types.js';

// Sequence bits keep ids unique when posts share a millisecond; incremented across calls.
let sequence = 0;

export interface MakePostInput {
  authorUsername: string;
  text: string;
  /** ISO-8601 or epoch ms. */
  createdAt: string | number | Date;
  lang?: string;
  replyTo?: StandInPost;
  quoteOf?: StandInPost;
  possiblySensitive?: boolean;
}

/** A post with a snowflake id derived from `createdAt` (so sorting by id sorts by time). */
export function makePost(input: MakePostInput): StandInPost {
  const ms = new Date(input.createdAt).getTime();
  if (Number.isNaN(ms)) throw new Error(`makePost: invalid createdAt ${String(input.createdAt)}`);
  const id = snowflakeFromMs(ms, sequence++);
  const post: StandInPost = { id, authorUsername: input.authorUsername, text: input.text, createdAt: new Date(ms).toISOString() };
  if (input.lang) post.lang = input.lang;
  if (input.possiblySensitive) post.possiblySensitive = true;
  if (input.replyTo) {
    post.replyTo = { id: input.replyTo.id, authorUsername: input.replyTo.authorUsername };
    post.conversationId = input.replyTo.conversationId ?? input.replyTo.id;
  }
  if (input.quoteOf) post.quoteOf = input.quoteOf.id;
  return post;
}

/** A retweet of `original` by `authorUsername`: text `RT @author: …` (the stand-in cuts it, §2.2). */
export function makeRetweet(original: StandInPost, by: { authorUsername: string; createdAt: string | number | Date }): StandInPost {
  const post = makePost({ authorUsername: by.authorUsername, createdAt: by.createdAt, text: `RT @${original.authorUsername}: ${original.text}` });
  post.retweetOf = original.id;
  return post;
}

/** A user with a stable numeric id derived from the username unless one is given. */
export function makeUser(input: { username: string; name?: string; id?: string } & Partial<StandInUser>): StandInUser {
  const digest = createHash('sha256').update(input.username.toLowerCase()).digest();
  const id = input.id ?? (digest.readBigUInt64BE(0) % 10n ** 18n).toString();
  return { ...input, id, name: input.name ?? input.username };
}
