/**
 * Hostname and string lists, all in one map from a name to the lists that
 * hold it, so a lookup walks the value's label suffixes once
 * (a.b.evil.com, b.evil.com, evil.com, com) whatever the number of lists.
 */
/**
 * A name's entries, each packed as `list * 2 + (matches subdomains ? 1 : 0)`
 * (hostname entries match subdomains, string entries only the exact value).
 * A lone number for the usual single entry: 60 000 names as small objects
 * and arrays made garbage collection the largest cost of building the index.
 */
export type NameIndex = Map<string, number | number[]>;

export interface NameHit {
  list: number;
  matched: string;
}

/**
 * Adds one entry; false when nothing is left after normalising. A leading
 * dot (`.google.ad` in a string list, `.duckdns.org` in a hostname list)
 * means "this domain and its subdomains" in MISP lists, so such string
 * entries are treated like hostname entries. Trailing dots are dropped.
 */
export function addName(index: NameIndex, raw: string, list: number, hostnameList: boolean): boolean {
  const lower = raw.trim().toLowerCase();
  // Most entries have neither dot: skip the regexes for them (35 000 dynamic-dns names at load).
  const name = lower.startsWith('.') || lower.endsWith('.') ? lower.replace(/^\.+/, '').replace(/\.+$/, '') : lower;
  if (name === '') return false;
  const entry = list * 2 + (hostnameList || lower.startsWith('.') ? 1 : 0);
  const entries = index.get(name);
  if (entries === undefined) index.set(name, entry);
  else if (typeof entries === 'number') index.set(name, [entries, entry]);
  else entries.push(entry);
  return true;
}

/** Every (list, entry) pair matching `name`, most specific (longest) entry first. */
export function lookupName(index: NameIndex, name: string): NameHit[] {
  const hits: NameHit[] = [];
  let suffix = name;
  let from = 0;
  for (;;) {
    const entries = index.get(suffix);
    for (const e of entries === undefined ? [] : typeof entries === 'number' ? [entries] : entries) {
      if (suffix === name || e % 2 === 1) hits.push({ list: Math.floor(e / 2), matched: suffix });
    }
    const dot = name.indexOf('.', from);
    if (dot === -1) return hits;
    from = dot + 1;
    suffix = name.slice(from);
  }
}
