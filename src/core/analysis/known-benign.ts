import type { WarninglistMatcher } from '../intel/warninglists/index.js';

/**
 * The known-benign warninglist (one of `ids`, settings.combine.knownBenignLists)
 * an address or one of its names is on, by the list's name; null when none.
 * The analysis weighs behaviour towards such a destination down, the graph
 * dims it: one rule for both.
 */
export function knownBenignList(lists: WarninglistMatcher | undefined, ids: readonly string[], ip: string, names: readonly string[]): string | null {
  if (!lists?.matchAll) return null;
  const pick = (hits: { id: string; list: string }[]) => hits.find((h) => ids.includes(h.id))?.list ?? null;
  const byAddress = pick(lists.matchAll(ip.includes(':') ? 'ipv6' : 'ipv4', ip));
  if (byAddress) return byAddress;
  for (const name of names) {
    const byName = pick(lists.matchAll('domain', name));
    if (byName) return byName;
  }
  return null;
}
