/**
 * The offline bundle: gzip-compressed JSON lines, one record per line, so a
 * store of millions of indicators is written and read as a stream.
 *
 *   {"t":"header","format":"sightline-intel-bundle","version":1,"createdAt":…}
 *   {"t":"source",…} … {"t":"indicator",…} … {"t":"sighting",…} … {"t":"label",…} … {"t":"verdict",…} … {"t":"allow",…}
 *   {"t":"manifest","sections":{"source":{"records":n,"sha256":…},…},"sha256":…}
 *
 * Each section's SHA-256 is over its lines exactly as written (with "\n");
 * the manifest's own sha256 covers the header and every section. An importer
 * checks all of it before writing anything. Records refer to each other by
 * value (type+value, source name), never by local row ids, so bundles from
 * different machines merge.
 */
export const BUNDLE_FORMAT = 'sightline-intel-bundle';
export const BUNDLE_VERSION = 1;
export const SECTIONS = ['source', 'indicator', 'sighting', 'label', 'verdict', 'allow'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BundleHeader {
  t: 'header';
  format: typeof BUNDLE_FORMAT;
  version: number;
  createdAt: string;
  producer: string;
}

export interface BundleManifest {
  t: 'manifest';
  sections: Record<Section, { records: number; sha256: string }>;
  sha256: string;
}

export type BundleRecord =
  | { t: 'source'; name: string; kind: string; trust: number }
  | { t: 'indicator'; type: string; value: string; firstSeen: string; lastSeen: string }
  | { t: 'sighting'; type: string; value: string; source: string; ref: string; seenAt: string; postUrl: string | null; author: string | null; port: number | null; text: string | null }
  | { t: 'label'; type: string; value: string; label: string }
  | { t: 'verdict'; type: string; value: string; verdict: string; note: string | null; decidedAt: string }
  | { t: 'allow'; type: string; value: string; note: string | null; addedAt: string };
