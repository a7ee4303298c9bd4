import type { SocialPost } from '../post-records.js';
import { expandLinks } from '../post-records.js';

/** The X API v2 shapes Sightline reads (tweet.fields=created_at,author_id,entities,note_tweet; expansions=author_id). */
export interface XTweet {
  id: string;
  text: string;
  created_at?: string;
  author_id?: string;
  entities?: { urls?: XUrl[] };
  note_tweet?: { text: string; entities?: { urls?: XUrl[] } };
}
interface XUrl {
  url: string;
  expanded_url?: string;
  unwound_url?: string;
}
export interface XUser {
  id: string;
  username: string;
}
export interface XPage {
  data?: XTweet[];
  includes?: { users?: XUser[] };
  meta?: { result_count?: number; newest_id?: string; oldest_id?: string; next_token?: string };
  errors?: { title?: string; detail?: string; type?: string }[];
}

/**
 * Posts of one X API page (or a saved response file) as SocialPosts: the
 * full text of long posts (note_tweet), t.co links replaced by their targets.
 */
export function xPagePosts(page: XPage, fallbackAuthor?: string): SocialPost[] {
  const users = new Map((page.includes?.users ?? []).map((u) => [u.id, u.username]));
  return (page.data ?? []).map((t) => {
    const note = t.note_tweet;
    const urls = (note?.entities?.urls ?? t.entities?.urls ?? []).map((u) => ({ url: u.url, expanded: u.unwound_url ?? u.expanded_url }));
    const author = (t.author_id ? users.get(t.author_id) : undefined) ?? fallbackAuthor ?? null;
    return {
      ref: `x:${t.id}`,
      text: expandLinks(note?.text ?? t.text, urls),
      createdAt: t.created_at ?? snowflakeTime(t.id),
      author,
      url: `https://x.com/${author ?? 'i/web'}/status/${t.id}`,
    };
  });
}

/** Post ids are snowflakes: the creation time is in the high bits (x-api.md §4). */
export function snowflakeTime(id: string): string {
  return new Date(Number((BigInt(id) >> 22n) + 1288834974657n)).toISOString();
}
