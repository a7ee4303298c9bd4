import { contextOnlyListIds } from './context-only-lists.js';
import { buildIpv4RangeSet, packIpv4Network, type Ipv4RangeSet } from './ipv4-range-set.js';
import type { Ipv6Network } from './ipv6-network-set.js';
import { addName, type NameIndex } from './name-index.js';
import { parseCidrEntry, parseIpv4Network } from './parse-cidr-entry.js';
import { warninglistKinds, type WarninglistFile, type WarninglistInfo, type WarninglistKind } from './warninglist-types.js';

export interface ListSource {
  id: string;
  file: WarninglistFile;
}

/**
 * The lists indexed for lookup; list numbers are positions in `infos`.
 * Each index is built on first use: parsing 18 000 IPv6 networks with
 * ipaddr.js alone costs about 100 ms, and a text without IPv6 never needs them.
 */
export interface WarninglistIndexes {
  infos: WarninglistInfo[];
  ipv4(): Array<{ list: number; set: Ipv4RangeSet }>;
  ipv6(): Array<{ list: number; networks: Ipv6Network[] }>;
  names(): NameIndex;
  substrings(): Array<{ list: number; needles: string[] }>;
  /** Upper-case IANA TLDs from the `tlds` list, or null when it is not shipped. */
  tlds(): Set<string> | null;
}

export function buildIndexes(sources: readonly ListSource[]): WarninglistIndexes {
  const infos: WarninglistInfo[] = sources.map(({ id, file }) => ({
    id,
    name: file.name,
    description: file.description,
    kind: file.type as WarninglistKind,
    entries: file.list.length,
    contextOnly: contextOnlyListIds.has(id),
  }));
  const ofKind = (...kinds: WarninglistKind[]) =>
    sources.map((source, list) => ({ list, entries: source.file.list })).filter(({ list }) => kinds.includes(infos[list]?.kind as WarninglistKind));

  return {
    infos,
    ipv4: once(() =>
      ofKind('cidr').flatMap(({ list, entries }) => {
        const packed = new Float64Array(entries.length);
        let count = 0;
        for (const raw of entries) {
          // The allocation-free parser first; IPv6 entries are skipped unparsed, except IPv4-mapped ones.
          const v4 = parseIpv4Network(raw);
          if (v4) packed[count++] = packIpv4Network(v4[0], v4[1]);
          else if (/^\s*::ffff:/i.test(raw)) {
            const entry = parseCidrEntry(raw);
            if (entry?.family === 4) packed[count++] = packIpv4Network(entry.lo, entry.hi);
          }
        }
        return count > 0 ? [{ list, set: buildIpv4RangeSet(packed.subarray(0, count)) }] : [];
      }),
    ),
    ipv6: once(() =>
      ofKind('cidr').flatMap(({ list, entries }) => {
        const networks: Ipv6Network[] = [];
        for (const raw of entries) {
          if (!raw.includes(':')) continue;
          const entry = parseCidrEntry(raw);
          if (entry?.family === 6) networks.push(entry.network);
        }
        return networks.length > 0 ? [{ list, networks }] : [];
      }),
    ),
    names: once(() => {
      const index: NameIndex = new Map();
      for (const { list, entries } of ofKind('hostname', 'string')) {
        const hostnameList = infos[list]?.kind === 'hostname';
        for (const raw of entries) addName(index, raw, list, hostnameList);
      }
      return index;
    }),
    substrings: once(() =>
      ofKind('substring').map(({ list, entries }) => ({ list, needles: entries.map((n) => n.trim().toLowerCase()).filter((n) => n !== '') })),
    ),
    tlds: once(() => {
      const at = sources.findIndex((s) => s.id === 'tlds');
      return at === -1 ? null : new Set(sources[at]?.file.list.map((t) => t.trim().toUpperCase()));
    }),
  };
}

function once<T>(build: () => T): () => T {
  let built: { value: T } | null = null;
  return () => (built ??= { value: build() }).value;
}

export function isWarninglistKind(type: unknown): type is WarninglistKind {
  return typeof type === 'string' && (warninglistKinds as readonly string[]).includes(type);
}
