import type { IntelMatchHit, SuppressedHit, SuppressionReason } from './types.js';

const HOW: Record<IntelMatchHit['how'], string> = {
  exact: 'is in the IoC store as',
  cidr: 'is inside',
  domain: 'is the domain',
  'parent-domain': 'is under the domain',
  'url-host': 'hosts the URL',
};

/** "2026-11-16 08:37 UTC" */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * One plain sentence for a hit, with its numbers and the post it rests on:
 * "185.225.74.19 is 185.225.74.19, reported by @synth_c2watch (tweetfeed) on
 * 2026-11-16 08:37 UTC: score 58 at the connection on 2026-11-17 09:14 UTC, 0
 * now (expired)". Values are the files' and posts' own: show the sentence as
 * text only (revealHidden where hidden characters matter).
 */
export function explainHit(hit: IntelMatchHit): string {
  const post = hit.citations[0];
  const by = post ? `, reported by ${post.author ? `@${post.author.replace(/^@/, '')} ` : ''}(${post.source}) on ${when(post.postedAt)}` : '';
  const now = `${hit.scoreNow} now${hit.expiredNow ? ' (expired)' : ''}`;
  const score = hit.atConnection
    ? `score ${hit.atConnection.score} at the connection on ${when(hit.atConnection.at)}, ${now}`
    : hit.reportedAfter
      ? `first reported on ${when(hit.reportedAfter.at)}, after the last connection (score ${hit.reportedAfter.score} then), ${now}`
      : `score ${now}`;
  const what = hit.how === 'exact' ? `${hit.via} is in the IoC store` : `${hit.via} ${HOW[hit.how]} ${hit.value}`;
  return `${what}${by}: ${score}`;
}

/** "suppressed: on the list "List of known IPv4 public DNS resolvers" (8.8.8.8/32)" */
export function explainSuppression(hit: SuppressedHit): string {
  return `${explainHit(hit)}; suppressed: ${explainSuppressionReasons(hit)}`;
}

/** Why a hit does not count, in words: "allowlisted since …; the destination 8.8.8.8 is on the warninglist "…" (8.8.8.8/32)". */
export function explainSuppressionReasons(hit: Pick<SuppressedHit, 'reasons'>): string {
  return hit.reasons.map(explainReason).join('; ');
}

function explainReason(r: SuppressionReason): string {
  switch (r.kind) {
    case 'allowlist':
      return `allowlisted since ${when(r.since)}${r.note ? ` (${r.note})` : ''}`;
    case 'false-positive':
      return `marked a false positive on ${when(r.since)}${r.note ? ` (${r.note})` : ''}`;
    case 'warninglist':
      return `${r.on === 'indicator' ? r.value : `the destination ${r.value}`} is on the warninglist "${r.list}" (${r.matched})`;
  }
}
