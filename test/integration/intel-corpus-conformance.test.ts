import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine.js';
import { corpusDir as corpus, fileLines, fromRepo } from '../helpers/fixtures.js';

/*
 * Every intel feed of the shared corpus, read IN PLACE (the reference-only
 * files must never be copied into the repo), each through a fresh engine. The
 * expected counts are computed here from the raw files with code of this test
 * only (no Sightline reader), so a reader that drops, doubles or invents
 * records shows up as a count mismatch. Absent folders are skipped by name.
 */
const h = new EngineHarness();
afterEach(() => h.close());

interface Expected {
  format: string;
  records: number;
  skipped: number;
  invalid: number;
  sources: string[];
  /** Distinct indicators (a fresh store: all new). */
  indicators?: number;
  /** Distinct (indicator, ref) pairs: the sightings a fresh store gains. */
  sightings?: number;
}

// ---------------------------------------------------------------------------------------------
// Independent value checks: what a stored indicator of each type looks like.

const HEX = { md5: /^[0-9a-f]{32}$/i, sha1: /^[0-9a-f]{40}$/i, sha256: /^[0-9a-f]{64}$/i };
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$/i;
type Kind = 'ip' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256';

function valid(kind: Kind, raw: string): boolean {
  const v = raw.trim();
  switch (kind) {
    case 'ip': {
      const [addr, bits, extra] = v.split('/');
      if (extra !== undefined || addr === undefined) return false;
      const family = net.isIP(addr);
      return family !== 0 && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
    }
    case 'domain':
      return DOMAIN.test(v);
    case 'url':
      try {
        return /^https?:$/.test(new URL(v).protocol);
      } catch {
        return false;
      }
    default:
      return HEX[kind].test(v);
  }
}

const KINDS: Kind[] = ['ip', 'md5', 'sha1', 'sha256', 'url', 'domain'];

/** A value as a key for counting distinct indicators (case folded where case means nothing). */
const key = (kind: Kind, raw: string) => `${kind === 'url' ? 'url' : kind}:${kind === 'url' ? raw.trim() : raw.trim().toLowerCase()}`;

// ---------------------------------------------------------------------------------------------
// Counting each format from the raw file.

/** RFC 4180 cells of one line (quotes, doubled quotes). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') q = !q;
    else if (c === ',' && !q) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** TweetFeed: one record per row (date,user,type,value,tags,tweet_url; a value may hold commas). */
function countTweetFeed(file: string): Expected {
  const rows = fileLines(file).filter((l) => l.trim() !== '');
  const indicators = new Set<string>();
  const sightings = new Set<string>();
  for (const row of rows) {
    const c = cells(row);
    const kind = (c[2] === 'ip' ? 'ip' : c[2]) as Kind;
    const value = c.slice(3, -2).join(',');
    const post = /\/status\/(\d+)/.exec(c.at(-1) ?? '')?.[1] ?? row;
    indicators.add(key(kind, value));
    sightings.add(`${key(kind, value)}@${post}`);
  }
  return { format: 'tweetfeed-csv', records: rows.length, skipped: 0, invalid: 0, sources: ['tweetfeed'], indicators: indicators.size, sightings: sightings.size };
}

interface StixObject {
  type: string;
  id?: string;
  name?: string;
  pattern?: string;
  pattern_type?: string;
  created_by_ref?: string;
}
const STIX_STORED: Record<string, Kind> = {
  'ipv4-addr:value': 'ip',
  'ipv6-addr:value': 'ip',
  'domain-name:value': 'domain',
  'url:value': 'url',
  'file:hashes.md5': 'md5',
  'file:hashes.sha-1': 'sha1',
  'file:hashes.sha1': 'sha1',
  'file:hashes.sha-256': 'sha256',
  'file:hashes.sha256': 'sha256',
};

/** STIX 2.1: every indicator object; each distinct `path = 'value'` of a stored type is a record, an indicator with none is skipped. */
function countStix(file: string): Expected {
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as { objects: StixObject[] };
  const identities = new Map(bundle.objects.filter((o) => o.type === 'identity').map((o) => [o.id, o.name]));
  let records = 0;
  let skipped = 0;
  const indicators = new Set<string>();
  const sightings = new Set<string>();
  const sources = new Set<string>();
  for (const o of bundle.objects.filter((x) => x.type === 'indicator')) {
    const values = new Set<string>();
    if ((o.pattern_type ?? 'stix') === 'stix') {
      for (const m of (o.pattern ?? '').matchAll(/([\w-]+:[\w.'-]+)\s*=\s*'([^']*)'/g)) {
        const kind = STIX_STORED[(m[1] as string).replace(/'/g, '').toLowerCase()];
        if (kind && valid(kind, m[2] as string)) values.add(key(kind, m[2] as string));
      }
    }
    if (values.size === 0) skipped++;
    records += values.size;
    for (const v of values) {
      indicators.add(v);
      sightings.add(`${v}@${o.id}`);
    }
    if (values.size > 0) sources.add(`stix:${identities.get(o.created_by_ref) ?? path.basename(file)}`);
  }
  return { format: 'stix21', records, skipped, invalid: 0, sources: [...sources].sort(), indicators: indicators.size, sightings: sightings.size };
}

interface MispAttribute {
  uuid: string;
  type: string;
  value: string;
}
/** The MISP attribute types Sightline stores (README), and the part(s) of `a|b` values that are indicators. */
const MISP_STORED: Record<string, [number, Kind][]> = {
  'ip-dst': [[0, 'ip']],
  'ip-src': [[0, 'ip']],
  'ip-dst|port': [[0, 'ip']],
  'ip-src|port': [[0, 'ip']],
  domain: [[0, 'domain']],
  hostname: [[0, 'domain']],
  'hostname|port': [[0, 'domain']],
  'domain|ip': [
    [0, 'domain'],
    [1, 'ip'],
  ],
  url: [[0, 'url']],
  md5: [[0, 'md5']],
  sha1: [[0, 'sha1']],
  sha256: [[0, 'sha256']],
  'filename|md5': [[1, 'md5']],
  'filename|sha1': [[1, 'sha1']],
  'filename|sha256': [[1, 'sha256']],
};

/** MISP events: attributes (the event's and its objects'); each stored part is a record, an attribute with none is skipped. */
function countMispEvents(files: string[], format: 'misp-event' | 'misp-feed'): Expected {
  const out: Expected = { format, records: 0, skipped: 0, invalid: 0, sources: [], indicators: 0, sightings: 0 };
  const indicators = new Set<string>();
  const sightings = new Set<string>();
  const sources = new Set<string>();
  for (const file of files) {
    const event = (JSON.parse(fs.readFileSync(file, 'utf8')) as { Event: { Orgc?: { name?: string }; Attribute?: MispAttribute[]; Object?: { Attribute?: MispAttribute[] }[] } }).Event;
    const attributes = [...(event.Attribute ?? []), ...(event.Object ?? []).flatMap((o) => o.Attribute ?? [])];
    for (const a of attributes) {
      const parts = (MISP_STORED[a.type] ?? []).filter(([i, kind]) => valid(kind, a.value.split('|')[i] ?? ''));
      if (parts.length === 0) out.skipped++;
      out.records += parts.length;
      for (const [i, kind] of parts) {
        const k = key(kind, a.value.split('|')[i] as string);
        indicators.add(k);
        sightings.add(`${k}@${a.uuid}`);
      }
      if (parts.length > 0) sources.add(`misp:${event.Orgc?.name ?? 'unknown'}`);
    }
  }
  return { ...out, sources: [...sources].sort(), indicators: indicators.size, sightings: sightings.size };
}

/** A MISP CSV export: each row is an attribute, counted with MISP's types exactly as an event file is. */
function countMispCsv(file: string): Expected {
  const [header, ...rows] = fileLines(file).filter((l) => l.trim() !== '');
  // Fields are quoted or bare, separated by commas (MISP quotes every text field).
  const cells = (line: string) => {
    const out: string[] = [];
    let rest = line;
    for (;;) {
      const m = /^(?:"((?:[^"]|"")*)"|([^,]*))(,|$)/.exec(rest) as RegExpExecArray;
      out.push((m[1] ?? m[2] ?? '').replace(/""/g, '"'));
      if (m[3] === '') return out;
      rest = rest.slice(m[0].length);
    }
  };
  const cols = cells(header as string);
  const [iType, iValue, iUuid] = ['type', 'value', 'uuid'].map((c) => cols.indexOf(c)) as [number, number, number];
  const out: Expected = { format: 'misp-csv', records: 0, skipped: 0, invalid: 0, sources: [`misp-csv:${path.basename(file)}`], indicators: 0, sightings: 0 };
  const indicators = new Set<string>();
  const sightings = new Set<string>();
  for (const row of rows) {
    const c = cells(row);
    const value = c[iValue] ?? '';
    const parts = (MISP_STORED[c[iType] ?? ''] ?? []).filter(([i, kind]) => valid(kind, value.split('|')[i] ?? ''));
    if (parts.length === 0) out.skipped++;
    out.records += parts.length;
    for (const [i, kind] of parts) {
      const k = key(kind, value.split('|')[i] as string);
      indicators.add(k);
      sightings.add(`${k}@${c[iUuid]}`);
    }
  }
  return { ...out, indicators: indicators.size, sightings: sightings.size };
}

/** Plain lists: every line that is not blank or a comment (and not the CSV header) is a record or invalid. */
function countList(file: string, column?: string): Expected {
  let lines = fileLines(file).filter((l) => l.trim() !== '' && !/^\s*(#|;|\/\/)/.test(l));
  let index = -1;
  if (column) {
    index = cells(lines[0] as string).findIndex((c) => c.trim().toLowerCase() === column);
    lines = lines.slice(1);
  }
  const values = lines.map((l) => (index >= 0 ? (cells(l)[index] ?? '') : (l.trim().split(/[\s;#]/)[0] ?? '')).trim());
  const kindOf = (v: string) => KINDS.find((k) => valid(k, v));
  const good = values.filter((v) => kindOf(v) !== undefined);
  const indicators = new Set(good.map((v) => key(kindOf(v) as Kind, v)));
  const name = path.basename(file);
  return { format: 'plain-list', records: good.length, skipped: 0, invalid: values.length - good.length, sources: [`list:${name}`], indicators: indicators.size, sightings: indicators.size };
}

// ---------------------------------------------------------------------------------------------

interface Case {
  /** Relative to the corpus. */
  file: string;
  expected: () => Expected;
}

const ls = (dir: string, pattern: RegExp) => (fs.existsSync(path.join(corpus, dir)) ? fs.readdirSync(path.join(corpus, dir)).filter((f) => pattern.test(f)).map((f) => `${dir}/${f}`) : []);
const mispFeedEvents = (dir: string) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(corpus, dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  // A partial mirror: events the manifest lists but the folder lacks are not read.
  return Object.keys(manifest).map((id) => path.join(corpus, dir, `${id}.json`)).filter((f) => fs.existsSync(f));
};

const GROUPS: { folder: string; cases: () => Case[] }[] = [
  { folder: 'redistributable/tweetfeed', cases: () => ls('redistributable/tweetfeed', /\.csv$/).map((file) => ({ file, expected: () => countTweetFeed(path.join(corpus, file)) })) },
  { folder: 'redistributable/stix21', cases: () => ls('redistributable/stix21', /^[^.]+$/).flatMap((d) => ls(d, /\.json$/)).map((file) => ({ file, expected: () => countStix(path.join(corpus, file)) })) },
  { folder: 'reference-only/stix21', cases: () => ls('reference-only/stix21', /^[^.]+$/).flatMap((d) => ls(d, /\.json$/)).map((file) => ({ file, expected: () => countStix(path.join(corpus, file)) })) },
  ...['redistributable/misp_feed/tweetfeed-misp', 'reference-only/misp_feed/digitalside-misp-feed'].map((dir) => ({
    folder: dir,
    cases: (): Case[] => [
      // The folder, its manifest, and each event file on its own.
      { file: dir, expected: () => countMispEvents(mispFeedEvents(dir), 'misp-feed') },
      { file: `${dir}/manifest.json`, expected: () => countMispEvents(mispFeedEvents(dir), 'misp-feed') },
      ...ls(dir, /^[0-9a-f-]{36}\.json$/).map((file) => ({ file, expected: () => countMispEvents([path.join(corpus, file)], 'misp-event') })),
    ],
  })),
  {
    // A MISP CSV export is no MISP format Sightline knows: it is read as a CSV list by its `value` column.
    folder: 'reference-only/misp_feed/digitalside-csv',
    cases: () => ls('reference-only/misp_feed/digitalside-csv', /\.csv$/).map((file) => ({ file, expected: () => countMispCsv(path.join(corpus, file)) })),
  },
  { folder: 'reference-only/blocklists/feodotracker', cases: () => [{ file: 'reference-only/blocklists/feodotracker/ipblocklist.csv', expected: () => countList(path.join(corpus, 'reference-only/blocklists/feodotracker/ipblocklist.csv'), 'dst_ip') }] },
  { folder: 'reference-only/blocklists/firehol', cases: () => ls('reference-only/blocklists/firehol', /\.(netset|ipset)$/).map((file) => ({ file, expected: () => countList(path.join(corpus, file)) })) },
  { folder: 'reference-only/blocklists/emergingthreats', cases: () => ls('reference-only/blocklists/emergingthreats', /\.txt$/).map((file) => ({ file, expected: () => countList(path.join(corpus, file)) })) },
];

for (const group of GROUPS) {
  const present = fs.existsSync(path.join(corpus, group.folder));
  if (!present) console.warn(`intel-corpus-conformance: skipping ${fromRepo(path.join(corpus, group.folder))} (absent; the shared corpus lives outside the repo)`);
  describe.skipIf(!present)(`corpus ${group.folder} (read in place)`, () => {
    const cases = present ? group.cases() : [];
    it('has files to check', () => {
      expect(cases.length).toBeGreaterThan(0);
    });
    it.each(cases.map((c) => [c.file, c] as const))('%s: counts match the raw file', async (_name, c) => {
      const want = c.expected();
      const engine = h.engine();
      const { files } = await engine.invoke('intelImport', { sources: [engine.files.source(path.join(corpus, c.file))] });
      const got = files[0];
      expect(got?.error).toBeUndefined();
      expect(got).toMatchObject({ status: 'imported', format: want.format, records: want.records, skipped: want.skipped, invalid: want.invalid, sources: want.sources });
      // Every sighting is new in a fresh store, and what is stored is what was counted.
      if (want.sightings !== undefined) expect(got?.newSightings).toBe(want.sightings);
      if (want.indicators !== undefined) expect(got?.newIndicators).toBe(want.indicators);
      const stats = await engine.invoke('intelStats', {});
      expect(stats.sightings).toBe(got?.newSightings);
      expect(stats.indicators).toBe(got?.newIndicators);
      // Importing it again adds nothing.
      const again = (await engine.invoke('intelImport', { sources: [engine.files.source(path.join(corpus, c.file))] })).files[0];
      expect(again).toMatchObject({ status: 'imported', records: want.records, newIndicators: 0, newSightings: 0 });
    });
  });
}


// MISP events: an attribute's labels are its own tags; the event's tags (its source, "type:OSINT", its
// marking) describe the event and reach no indicator. Checked on every event file of the corpus.
const mispEventFiles = ['redistributable/misp_feed/tweetfeed-misp', 'reference-only/misp_feed/digitalside-misp-feed'].flatMap((dir) => ls(dir, /^[0-9a-f-]{36}\.json$/));
describe.skipIf(mispEventFiles.length === 0)('corpus MISP events: labels', () => {
  it.each(mispEventFiles)("%s: the stored labels are the attributes' tags, none of the event's alone", async (file) => {
    type Attr = { type: string; value: string; Tag?: { name: string }[] };
    const event = (JSON.parse(fs.readFileSync(path.join(corpus, file), 'utf8')) as { Event: { Tag?: { name: string }[]; Attribute?: Attr[]; Object?: { Attribute?: Attr[] }[] } }).Event;
    const attributes = [...(event.Attribute ?? []), ...(event.Object ?? []).flatMap((o) => o.Attribute ?? [])].filter((a) => (MISP_STORED[a.type] ?? []).length > 0);
    const own = new Set(attributes.flatMap((a) => (a.Tag ?? []).map((t) => t.name.toLowerCase())).filter((l) => !l.startsWith('tlp:')));
    const eventOnly = (event.Tag ?? []).map((t) => t.name.toLowerCase()).filter((l) => !own.has(l));
    expect(eventOnly.length).toBeGreaterThan(0);
    const engine = h.engine();
    await engine.invoke('intelImport', { sources: [engine.files.source(path.join(corpus, file))] });
    const rows = (await engine.invoke('intelIndicators', { limit: 1000, includeExpired: true })).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.flatMap((r) => r.labels))).toEqual(own);
  });
});
