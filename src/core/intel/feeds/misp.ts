import { isPort, storableIso } from '../../bounds.js';
import { MalformedRecordError } from '../../errors/index.js';
import type { IndicatorType } from '../indicator-types.js';
import { normaliseIndicator } from '../normalise-indicator.js';
import { labelsFrom, type FeedRecord } from './feed-record.js';

export interface MispAttribute {
  uuid?: string;
  type?: string;
  value?: string;
  comment?: string;
  timestamp?: string | number;
  /** When it was first and last seen (MISP 2.4.120+, ISO 8601 with microseconds); optional. */
  first_seen?: string | null;
  last_seen?: string | null;
  to_ids?: boolean;
  Tag?: { name?: string }[];
  Sighting?: { date_sighting?: string | number; type?: string | number }[];
}
interface MispEvent {
  uuid?: string;
  info?: string;
  date?: string;
  timestamp?: string | number;
  Orgc?: { name?: string };
  Tag?: { name?: string }[];
  Attribute?: MispAttribute[];
  Object?: { Attribute?: MispAttribute[] }[];
}

/**
 * MISP attribute types and which part of a composite value (`a|b`) is the
 * indicator. `ip-dst|port` keeps the port; `domain|ip` yields both.
 */
const ATTRIBUTE_TYPES: Record<string, { part: number; type: IndicatorType | 'ip' }[]> = {
  'ip-dst': [{ part: 0, type: 'ip' }],
  'ip-src': [{ part: 0, type: 'ip' }],
  'ip-dst|port': [{ part: 0, type: 'ip' }],
  'ip-src|port': [{ part: 0, type: 'ip' }],
  domain: [{ part: 0, type: 'domain' }],
  hostname: [{ part: 0, type: 'domain' }],
  'domain|ip': [
    { part: 0, type: 'domain' },
    { part: 1, type: 'ip' },
  ],
  'hostname|port': [{ part: 0, type: 'domain' }],
  url: [{ part: 0, type: 'url' }],
  link: [],
  md5: [{ part: 0, type: 'md5' }],
  sha1: [{ part: 0, type: 'sha1' }],
  sha256: [{ part: 0, type: 'sha256' }],
  'filename|md5': [{ part: 1, type: 'md5' }],
  'filename|sha1': [{ part: 1, type: 'sha1' }],
  'filename|sha256': [{ part: 1, type: 'sha256' }],
};

/** One MISP event (a feed's `<uuid>.json` or an exported event): its attributes, objects' attributes included. */
export function parseMispEvent(json: unknown, fileName: string): { records: FeedRecord[]; skipped: number } {
  const event = (json as { Event?: MispEvent }).Event;
  if (!event || typeof event !== 'object') throw new MalformedRecordError('not a MISP event (no "Event" object)', { file: fileName });
  const org = event.Orgc?.name ?? 'unknown';
  const attributes = [...(event.Attribute ?? []), ...(event.Object ?? []).flatMap((o) => o.Attribute ?? [])];
  const records: FeedRecord[] = [];
  let skipped = 0;
  for (const a of attributes) {
    const taken = attributeRecords(a, { source: `misp:${org}`, fallbackRef: `${event.uuid ?? fileName}:${records.length}`, eventDate: event.date, text: event.info ?? null, labels: [] });
    if (taken.length === 0) skipped++;
    records.push(...taken);
  }
  return { records, skipped };
}

export interface AttributeContext {
  source: string;
  fallbackRef: string;
  eventDate?: string | undefined;
  text: string | null;
  /** Labels the attribute carries besides its own tags (a MISP CSV's attribute_tag column). */
  labels: readonly string[];
}

/**
 * The indicators of one MISP attribute (none for types Sightline does not
 * store, such as `filename` or `link`): composite values split, ports kept,
 * an X post in the comment kept as provenance. Dated by the attribute's
 * `first_seen`, else its `timestamp`, else the event's date; its `last_seen`
 * and its sightings (type 0, seen) widen the indicator's last seen. Labels
 * are the attribute's own tags: in MISP an event's tags describe the event
 * (its source, its marking, "type:OSINT"), and MISP's STIX export puts them
 * on the report, not the indicators, which the STIX reader reads alike.
 */
export function attributeRecords(a: MispAttribute, ctx: AttributeContext): FeedRecord[] {
  const parts = ATTRIBUTE_TYPES[a.type ?? ''];
  if (!parts || parts.length === 0 || typeof a.value !== 'string') return [];
  // Only composite types (`domain|ip`, `ip-dst|port`…) hold `|` as a separator: a URL may contain one.
  const pieces = a.type?.includes('|') ? a.value.split('|') : [a.value];
  const port = a.type?.endsWith('|port') ? Number(pieces[1]) : undefined;
  const post = /^https:\/\/(x|twitter)\.com\/([^/]+)\/status\/\d+/.exec(a.comment ?? '');
  const out: FeedRecord[] = [];
  for (const { part, type } of parts) {
    const raw = pieces[part] ?? '';
    // MISP puts networks in ip-dst/ip-src too ("10.0.0.0/8").
    const resolved: IndicatorType = type === 'ip' ? (raw.includes('/') ? 'cidr' : raw.includes(':') ? 'ipv6' : 'ipv4') : type;
    const value = normaliseIndicator(resolved, raw);
    if (!value) continue;
    out.push({
      indicator: { type: resolved, value, ...(port !== undefined && isPort(port) ? { port } : {}) },
      source: ctx.source,
      ref: a.uuid ?? ctx.fallbackRef,
      ...seenSpan(a, ctx.eventDate),
      postUrl: post ? (a.comment as string) : null,
      author: post?.[2] ?? null,
      text: ctx.text,
      labels: labelsFrom([...ctx.labels, ...(a.Tag ?? []).map((t) => t.name ?? '')].filter((l) => !/^tlp:/i.test(l))),
    });
  }
  return out;
}

/** A feed's manifest.json: event uuid → summary. Only the uuids are needed to find the event files. */
export function mispManifestEventIds(json: unknown, fileName: string): string[] {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new MalformedRecordError('not a MISP feed manifest', { file: fileName });
  return Object.keys(json).filter((k) => /^[0-9a-f-]{36}$/i.test(k));
}

/** When the attribute was seen: first_seen, else its timestamp, else the event's date, else now; lastSeenAt when its last_seen or a sighting is later. */
function seenSpan(a: MispAttribute, eventDate: string | undefined): { seenAt: string; lastSeenAt?: string } {
  const seenAt = (a.first_seen ? storableIso(Date.parse(a.first_seen)) : null) ?? epochOrDate(a.timestamp, eventDate);
  const later = [
    a.last_seen ? storableIso(Date.parse(a.last_seen)) : null,
    ...(Array.isArray(a.Sighting) ? a.Sighting : []).filter((s) => String(s.type ?? '0') === '0').map((s) => storableIso(Number(s.date_sighting) * 1000)),
  ].filter((t): t is string => t !== null && t > seenAt);
  return later.length > 0 ? { seenAt, lastSeenAt: later.sort().at(-1) as string } : { seenAt };
}

/** The attribute's timestamp, else the event's date, else now: the first that is a storable time (core/bounds.ts). */
function epochOrDate(timestamp: string | number | undefined, date: string | undefined): string {
  const seconds = timestamp === undefined || timestamp === '' ? NaN : Number(timestamp);
  return storableIso(seconds > 0 ? seconds * 1000 : NaN) ?? storableIso(date ? Date.parse(date) : NaN) ?? new Date().toISOString();
}
