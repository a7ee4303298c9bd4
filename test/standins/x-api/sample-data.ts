import { makePost, makeUser } from './make-post.js';
import type { StandInPost, StandInUser } from './types.js';

/** Accounts used across the stand-in tests (ids as in x-api.md's examples where there is one). */
export function sampleUsers(): StandInUser[] {
  return [
    makeUser({ username: 'XDevelopers', name: 'X Developers', id: '2244994945' }),
    makeUser({ username: 'HoneyFeedOne', name: 'Honeypot feed one' }),
    makeUser({ username: 'hp_feed_two', name: 'Honeypot feed two' }),
    makeUser({ username: 'locked_feed', protected: true }),
    makeUser({ username: 'gone_feed', suspended: true }),
  ];
}

/**
 * `count` honeypot-style posts by `username`, one every `stepMs`, the newest at `newestMs`.
 * Post i (0 = newest) reports 198.51.100.(i % 250) and links to a report page.
 */
export function honeypotPosts(username: string, count: number, newestMs: number, stepMs = 60_000): StandInPost[] {
  const posts: StandInPost[] = [];
  for (let i = count - 1; i >= 0; i--) {
    posts.push(makePost({
      authorUsername: username,
      createdAt: newestMs - i * stepMs,
      text: `${username}: #SSH Possible SSH attack from 198.51.100.${i % 250} https://riskdiscovery.com/honeydb/#host/198.51.100.${i % 250}`,
    }));
  }
  return posts;
}
