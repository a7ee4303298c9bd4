/** A hit before it is shown: which list, what matched, and how specific the match is. */
export interface RankedHit {
  list: number;
  matched: string;
  contextOnly: boolean;
  /** Prefix bits for addresses, matched-name length for names: only compared within one value. */
  specificity: number;
}

/**
 * The hit that decides what happens to a value. The most specific entry
 * speaks for the value, and context-only lists win ties: `evil.duckdns.org`
 * is `duckdns.org` on both tranco10k (popular, suppress) and dynamic-dns
 * (context), and an attacker's subdomain must survive; but 8.8.8.8 is a /32
 * on public-dns-v4 and only inside a /24 on vpn-ipv4, so the resolver list
 * decides. Null when nothing matched.
 */
export function decideHit(hits: readonly RankedHit[]): RankedHit | null {
  let context: RankedHit | null = null;
  let suppress: RankedHit | null = null;
  for (const hit of hits) {
    if (hit.contextOnly) {
      if (!context || hit.specificity > context.specificity) context = hit;
    } else if (!suppress || hit.specificity > suppress.specificity) {
      suppress = hit;
    }
  }
  if (!suppress) return context;
  return context && context.specificity >= suppress.specificity ? context : suppress;
}
