import { storableIso } from '../../bounds.js';
import { MalformedRecordError } from '../../errors/index.js';
import type { ExtractedIndicator, IndicatorType } from '../indicator-types.js';
import { normaliseIndicator } from '../normalise-indicator.js';
import { labelsFrom, type FeedRecord } from './feed-record.js';

interface StixObject {
  type?: string;
  id?: string;
  name?: string;
  pattern?: string;
  pattern_type?: string;
  valid_from?: string;
  modified?: string;
  created?: string;
  created_by_ref?: string;
  labels?: string[];
  indicator_types?: string[];
  description?: string;
  external_references?: { source_name?: string; url?: string }[];
  sighting_of_ref?: string;
  last_seen?: string;
}

/**
 * STIX 2.1 bundles: every `indicator` whose pattern is STIX compares
 * observable values with `=`; OR and AND comparisons each yield their
 * values (an AND of two IPs still names two bad addresses). Values with a
 * CIDR become cidr indicators. Other pattern languages are skipped. An
 * indicator is dated by its valid_from; the `sighting`s of it widen its last
 * seen (as a MISP attribute's last_seen does). Labels are the indicator's
 * own: a report's labels describe the report.
 */
export function parseStixBundle(json: unknown, fileName: string): { records: FeedRecord[]; skipped: number } {
  const bundle = json as { type?: string; objects?: StixObject[] };
  if (bundle.type !== 'bundle' || !Array.isArray(bundle.objects)) throw new MalformedRecordError('not a STIX 2.1 bundle (no "objects" array)', { file: fileName });
  const identities = new Map(bundle.objects.filter((o) => o.type === 'identity' && o.id).map((o) => [o.id as string, o.name ?? 'unknown']));
  const lastSighted = new Map<string, string>();
  for (const o of bundle.objects) {
    const at = o.type === 'sighting' && o.sighting_of_ref && typeof o.last_seen === 'string' ? storableIso(Date.parse(o.last_seen)) : null;
    if (at !== null && at > (lastSighted.get(o.sighting_of_ref as string) ?? '')) lastSighted.set(o.sighting_of_ref as string, at);
  }
  const records: FeedRecord[] = [];
  let skipped = 0;
  for (const o of bundle.objects) {
    if (o.type !== 'indicator') continue;
    if ((o.pattern_type ?? 'stix') !== 'stix' || typeof o.pattern !== 'string') {
      skipped++;
      continue;
    }
    const indicators = indicatorsInPattern(o.pattern);
    if (indicators.length === 0) skipped++;
    const org = o.created_by_ref ? identities.get(o.created_by_ref) : undefined;
    const post = o.external_references?.find((r) => /^https:\/\/(x|twitter)\.com\/[^/]+\/status\/\d+/.test(r.url ?? ''));
    const author = post ? /^https:\/\/(?:x|twitter)\.com\/([^/]+)\//.exec(post.url as string)?.[1] : undefined;
    const seenAt = toIso(o.valid_from ?? o.modified ?? o.created);
    const last = o.id ? lastSighted.get(o.id) : undefined;
    for (const indicator of indicators) {
      records.push({
        indicator,
        source: `stix:${org ?? fileName}`,
        ref: o.id ?? `${fileName}:${records.length}`,
        seenAt,
        ...(last !== undefined && last > seenAt ? { lastSeenAt: last } : {}),
        postUrl: post?.url ?? null,
        author: author ?? null,
        text: o.description ?? o.name ?? null,
        labels: labelsFrom([...(o.labels ?? []), ...(o.indicator_types ?? []).filter((t) => t !== 'malicious-activity')]),
      });
    }
  }
  return { records, skipped };
}

const COMPARISON = /([a-z0-9-]+):([a-z0-9_.'-]+|hashes\.'[^']+'|hashes\.[a-z0-9-]+)\s*=\s*'((?:[^'\\]|\\.)*)'/gi;

/** Every `object:path = 'value'` comparison of a pattern whose object and path Sightline stores. */
export function indicatorsInPattern(pattern: string): ExtractedIndicator[] {
  const out: ExtractedIndicator[] = [];
  for (const m of pattern.matchAll(COMPARISON)) {
    const object = (m[1] as string).toLowerCase();
    const path = (m[2] as string).toLowerCase().replace(/'/g, '');
    const raw = (m[3] as string).replace(/\\(.)/g, '$1');
    const type = typeOf(object, path, raw);
    if (!type) continue;
    const value = normaliseIndicator(type, raw);
    if (value && !out.some((i) => i.type === type && i.value === value)) out.push({ type, value });
  }
  return out;
}

function typeOf(object: string, path: string, raw: string): IndicatorType | null {
  switch (object) {
    case 'ipv4-addr':
      return raw.includes('/') ? 'cidr' : 'ipv4';
    case 'ipv6-addr':
      return raw.includes('/') ? 'cidr' : 'ipv6';
    case 'domain-name':
      return 'domain';
    case 'url':
      return 'url';
    case 'file':
      if (path === 'hashes.md5') return 'md5';
      if (path === 'hashes.sha-1' || path === 'hashes.sha1') return 'sha1';
      if (path === 'hashes.sha-256' || path === 'hashes.sha256') return 'sha256';
      return null;
    default:
      return null;
  }
}

function toIso(value: string | undefined): string {
  // valid_from is required by STIX; a bundle without it (or with a date no clock shows, such as
  // year 275760, see core/bounds.ts) was sighted no later than now.
  return storableIso(typeof value === 'string' ? Date.parse(value) : NaN) ?? new Date().toISOString();
}
