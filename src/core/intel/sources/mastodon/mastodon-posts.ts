import { postTime, webUrl } from '../commit-page.js';
import type { SocialPost } from '../post-records.js';
import { htmlToText } from './html-to-text.js';

/** The parts of Mastodon's `Status` entity Sightline reads (x-api.md §5.1). Everything is checked: the instance is not trusted. */
interface Status {
  id?: unknown;
  created_at?: unknown;
  url?: unknown;
  uri?: unknown;
  content?: unknown;
  spoiler_text?: unknown;
  account?: { acct?: unknown } | null;
  reblog?: Status | null;
}

/** Status ids: Mastodon's are decimal snowflakes; other servers speaking the API use sortable alphanumerics. */
const ID = /^[0-9A-Za-z]{1,40}$/;

export function isStatusId(v: unknown): v is string {
  return typeof v === 'string' && ID.test(v);
}

/** Orders ids as the server does: by length, then by character (no leading zeros in either scheme). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The statuses of one page: an array, each with an id, else the answer is not a statuses page. */
export function statusesOf(body: unknown): Status[] | null {
  if (!Array.isArray(body)) return null;
  const list = body.filter((s): s is Status => typeof s === 'object' && s !== null);
  return list.length === body.length && list.every((s) => isStatusId(s.id)) ? list : null;
}

/**
 * One status as a SocialPost. A boost stands for the boosted status: its
 * text, its id on this instance as the ref (boosting the same status twice
 * adds nothing), its URL, and its author credited, since the booster only
 * passed the indicators on. The content warning (`spoiler_text`, plain text)
 * comes first: feeds put "IOC dump" or a campaign name there.
 */
export function statusPost(status: Status, instance: string, now: number): SocialPost | null {
  const shown = status.reblog && typeof status.reblog === 'object' ? status.reblog : status;
  if (!isStatusId(shown.id)) return null;
  const body = typeof shown.content === 'string' ? htmlToText(shown.content) : '';
  const spoiler = typeof shown.spoiler_text === 'string' ? shown.spoiler_text.trim() : '';
  return {
    ref: `mastodon:${instance}:${shown.id}`,
    text: spoiler && body ? `${spoiler}\n\n${body}` : spoiler || body,
    createdAt: postTime(shown.created_at, now),
    author: authorOf(shown.account?.acct, instance),
    url: webUrl(shown.url) ?? webUrl(shown.uri),
  };
}

/** `acct` is bare for the instance's own accounts and `user@domain` for others: always give the full address. */
function authorOf(acct: unknown, instance: string): string | null {
  if (typeof acct !== 'string' || acct.length === 0 || acct.length > 300) return null;
  const bare = acct.replace(/^@/, '');
  return bare.includes('@') ? bare : `${bare}@${instance}`;
}
