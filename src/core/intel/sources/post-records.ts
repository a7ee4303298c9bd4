import { extractIndicators } from '../extract/index.js';
import type { WarninglistMatcher } from '../warninglists/index.js';
import type { FeedRecord } from '../feeds/feed-record.js';
import { labelsFrom } from '../feeds/feed-record.js';

/** A post from any social source (X, Mastodon, Bluesky, an X archive), reduced to what provenance needs. */
export interface SocialPost {
  /** Unique within the platform: becomes the sighting's ref, e.g. `x:1524796546306478083`. */
  ref: string;
  /** The full text, with shortened links already replaced by their real targets. */
  text: string;
  createdAt: string;
  author: string | null;
  url: string | null;
}

/**
 * The sightings in one post: every indicator the extractor finds (defanged
 * forms, ports, CIDRs, hashes), labelled with the post's hashtags. The
 * post text is kept verbatim as provenance; it is hostile and is only ever
 * shown as text.
 */
export function postRecords(post: SocialPost, source: string, warninglists?: WarninglistMatcher): FeedRecord[] {
  const extraction = extractIndicators(post.text, warninglists ? { warninglists } : {});
  const labels = labelsFrom(extraction.labels);
  return extraction.indicators.map((indicator) => ({
    indicator,
    source,
    ref: post.ref,
    seenAt: post.createdAt,
    postUrl: post.url,
    author: post.author,
    text: post.text,
    labels,
  }));
}

/** Replaces each shortened link (t.co) by its target, so extraction sees real URLs and hosts. */
export function expandLinks(text: string, urls: readonly { url: string; expanded: string | null | undefined }[]): string {
  let out = text;
  for (const u of urls) if (u.expanded && u.url) out = out.split(u.url).join(u.expanded);
  return out;
}
