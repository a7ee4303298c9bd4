import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseScore, decayedScore, defaultDecay, expiresAt } from '../../src/core/intel/decay.js';
import { parseMispEvent } from '../../src/core/intel/feeds/misp.js';
import { createPlainListReader } from '../../src/core/intel/feeds/plain-list.js';
import { indicatorsInPattern, parseStixBundle } from '../../src/core/intel/feeds/stix21.js';
import { parseTweetFeedLine } from '../../src/core/intel/feeds/tweetfeed-csv.js';
import { postTime } from '../../src/core/intel/feeds/x-api-json.js';
import { postTime as syncedPostTime } from '../../src/core/intel/sources/commit-page.js';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { repoRoot } from '../helpers/fixtures.js';
import { thrown } from '../helpers/sink.js';
import { guessIndicatorType, normaliseCidr, normaliseIndicator } from '../../src/core/intel/normalise-indicator.js';

const DAY = 86_400_000;
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'intel');

describe('decay (MISP polynomial)', () => {
  const seen = '2026-01-01T00:00:00.000Z';
  const t0 = Date.parse(seen);
  it('starts at the base score, falls to 0 at tau and stays there', () => {
    expect(decayedScore(80, 'ipv4', seen, t0, defaultDecay)).toBe(80);
    // delta 2: 80 * (1 - (15/30)^(1/2)) = 23.43
    expect(decayedScore(80, 'ipv4', seen, t0 + 15 * DAY, defaultDecay)).toBeCloseTo(23.4, 1);
    expect(decayedScore(80, 'ipv4', seen, t0 + 30 * DAY, defaultDecay)).toBe(0);
    expect(decayedScore(80, 'ipv4', seen, t0 + 300 * DAY, defaultDecay)).toBe(0);
    expect(decayedScore(80, 'sha256', seen, t0 + 300 * DAY, defaultDecay)).toBeGreaterThan(0);
  });
  it('a linear model (delta 1) gives half the base at half of tau', () => {
    expect(decayedScore(100, 'domain', seen, t0 + 45 * DAY, { ...defaultDecay, delta: 1 })).toBe(50);
  });
  it('expiresAt is last seen plus tau', () => {
    expect(expiresAt('ipv4', seen, defaultDecay)).toBe('2026-01-31T00:00:00.000Z');
  });
  it('corroborating sources raise the base: 1 - (1-0.7)(1-0.6) = 0.88', () => {
    expect(baseScore([0.7])).toBe(70);
    expect(baseScore([0.7, 0.6])).toBe(88);
    expect(baseScore([])).toBe(0);
  });
});

describe('normalising feed values', () => {
  it.each([
    ['ipv4', ' 192.0.2.1 ', '192.0.2.1'],
    ['ipv4', '::ffff:192.0.2.1', '192.0.2.1'],
    ['ipv6', '2001:DB8:0:0::1', '2001:db8::1'],
    ['cidr', '10.1.2.3/8', '10.0.0.0/8'],
    ['cidr', '2001:db8::1/32', '2001:db8::/32'],
    ['domain', 'Evil.Example.COM.', 'evil.example.com'],
    ['md5', 'AD8536C7440638D40156E883AC25086E', 'ad8536c7440638d40156e883ac25086e'],
    ['url', 'HTTP://Example.com:8080/a?b=1', 'http://example.com:8080/a?b=1'],
  ] as const)('%s %s → %s', (type, raw, want) => {
    expect(normaliseIndicator(type, raw)).toBe(want);
  });
  it.each([
    ['ipv4', '256.1.1.1'],
    ['ipv4', '2001:db8::1'],
    ['cidr', '10.0.0.0/33'],
    ['cidr', '10.0.0.0/0'],
    ['domain', 'no_tld'],
    ['md5', 'abc'],
    ['url', 'javascript:alert(1)'],
  ] as const)('%s %s is refused', (type, raw) => {
    expect(normaliseIndicator(type, raw)).toBeNull();
  });
  it('guesses the type of a looked-up value', () => {
    expect(['1.2.3.4', '10.0.0.0/8', 'a'.repeat(64), 'https://x.example/p', 'x.example', '::1', 'hello'].map(guessIndicatorType)).toEqual([
      'ipv4', 'cidr', 'sha256', 'url', 'domain', 'ipv6', null,
    ]);
    expect(normaliseCidr('1.2.3.4')).toBeNull();
  });
});

describe('STIX 2.1 patterns', () => {
  it('reads every comparison of OR and AND patterns, CIDR values and file hashes', () => {
    expect(indicatorsInPattern("[ipv4-addr:value = '198.51.100.1'] OR [ipv4-addr:value = '203.0.113.0/24']")).toEqual([
      { type: 'ipv4', value: '198.51.100.1' },
      { type: 'cidr', value: '203.0.113.0/24' },
    ]);
    expect(indicatorsInPattern("[file:hashes.'SHA-256' = 'AAAA" + 'a'.repeat(60) + "' AND file:hashes.MD5 = '" + 'b'.repeat(32) + "']")).toEqual([
      { type: 'sha256', value: 'aaaa' + 'a'.repeat(60) },
      { type: 'md5', value: 'b'.repeat(32) },
    ]);
    expect(indicatorsInPattern("[url:value = 'http://evil.example/a\\'b'] AND [domain-name:value = 'Evil.Example']")).toEqual([
      { type: 'url', value: "http://evil.example/a'b" },
      { type: 'domain', value: 'evil.example' },
    ]);
    expect(indicatorsInPattern("[process:name = 'evil.exe']")).toEqual([]);
  });
});

describe('MISP attributes', () => {
  it('splits composite values, keeps ports and tags, skips types it does not store', () => {
    const { records, skipped } = parseMispEvent(
      {
        Event: {
          uuid: 'e1',
          info: 'Mozi',
          Orgc: { name: 'ORG' },
          Tag: [{ name: 'tlp:white' }, { name: 'botnet' }],
          Attribute: [
            { uuid: 'a1', type: 'ip-dst|port', value: '198.51.100.7|8080', timestamp: '1700000000' },
            { uuid: 'a2', type: 'domain|ip', value: 'bad.example|203.0.113.9', timestamp: '1700000000' },
            { uuid: 'a3', type: 'filename', value: 'x.bin' },
          ],
        },
      },
      'e1.json',
    );
    expect(records.map((r) => [r.indicator.type, r.indicator.value, r.indicator.port, r.source, r.seenAt])).toEqual([
      ['ipv4', '198.51.100.7', 8080, 'misp:ORG', '2023-11-14T22:13:20.000Z'],
      ['domain', 'bad.example', undefined, 'misp:ORG', '2023-11-14T22:13:20.000Z'],
      ['ipv4', '203.0.113.9', undefined, 'misp:ORG', '2023-11-14T22:13:20.000Z'],
    ]);
    // "botnet" tags the event, not each attribute: the attributes here have no tags of their own.
    expect(records[0]?.labels).toEqual([]);
    expect(skipped).toBe(1);
  });

  it("labels an attribute with its own tags only, not the event's (a real TweetFeed event: TweetFeed, type:OSINT, tlp:clear)", () => {
    const file = path.join(FIXTURES, 'misp-tweetfeed', '181b5be4-a1f6-53a4-8436-4d4cd3e272a3.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { Event: { Attribute: { value: string; timestamp: string; Tag?: { name: string }[] }[] } };
    const { records } = parseMispEvent(json, path.basename(file));
    expect(records).toHaveLength(json.Event.Attribute.length);
    for (const [i, a] of json.Event.Attribute.entries()) {
      expect(records[i]?.labels, a.value).toEqual((a.Tag ?? []).map((t) => t.name.toLowerCase()));
      // No first_seen in TweetFeed's events: dated by the attribute's timestamp, as before.
      expect(records[i]?.seenAt).toBe(new Date(Number(a.timestamp) * 1000).toISOString());
      expect(records[i]?.lastSeenAt).toBeUndefined();
    }
    expect(records.flatMap((r) => r.labels).filter((l) => ['tweetfeed', 'type:osint', 'tlp:clear'].includes(l))).toEqual([]);
  });

  it('dates an attribute by first_seen, else timestamp, else the event date; last_seen and seen-type sightings widen its last seen', () => {
    const { records } = parseMispEvent(
      {
        Event: {
          uuid: 'e3', date: '2023-08-16', Orgc: { name: 'ORG' },
          Attribute: [
            // MISP writes first_seen/last_seen with microseconds and an offset.
            { uuid: 'a1', type: 'ip-dst', value: '203.0.113.91', timestamp: '1700000000', first_seen: '2023-11-01T10:00:00.000000+0000', last_seen: '2023-11-03T12:30:00.000000+0200' },
            // A sighting (type 0) later than last_seen; a false positive (type 1) later still is no sighting.
            { uuid: 'a2', type: 'ip-dst', value: '203.0.113.92', timestamp: '1700000000', first_seen: '2023-11-01T10:00:00Z', last_seen: '2023-11-02T00:00:00Z', Sighting: [{ type: '0', date_sighting: '1699300000' }, { type: '1', date_sighting: '1699900000' }] },
            { uuid: 'a3', type: 'ip-dst', value: '203.0.113.93', timestamp: '1700000000', first_seen: null },
            { uuid: 'a4', type: 'ip-dst', value: '203.0.113.94', first_seen: 'not a date' },
            // A last_seen before first_seen widens nothing.
            { uuid: 'a5', type: 'ip-dst', value: '203.0.113.95', first_seen: '2023-11-05T00:00:00Z', last_seen: '2023-11-04T00:00:00Z' },
          ],
        },
      },
      'e3.json',
    );
    expect(records.map((r) => [r.indicator.value, r.seenAt, r.lastSeenAt])).toEqual([
      ['203.0.113.91', '2023-11-01T10:00:00.000Z', '2023-11-03T10:30:00.000Z'],
      ['203.0.113.92', '2023-11-01T10:00:00.000Z', new Date(1_699_300_000_000).toISOString()],
      ['203.0.113.93', '2023-11-14T22:13:20.000Z', undefined],
      ['203.0.113.94', '2023-08-16T00:00:00.000Z', undefined],
      ['203.0.113.95', '2023-11-05T00:00:00.000Z', undefined],
    ]);
  });
});

describe('STIX sightings', () => {
  it("widen an indicator's last seen to the latest sighting of it; labels are the indicator's, not the report's", () => {
    const indicator = (id: string, ip: string) => ({ type: 'indicator', id, valid_from: '2023-11-01T10:00:00Z', pattern: `[ipv4-addr:value = '${ip}']`, labels: ['c2'] });
    const { records } = parseStixBundle(
      {
        type: 'bundle',
        objects: [
          { type: 'report', id: 'report--r', labels: ['campaign-x'], object_refs: ['indicator--a', 'indicator--b'] },
          indicator('indicator--a', '203.0.113.96'),
          indicator('indicator--b', '203.0.113.97'),
          { type: 'sighting', id: 'sighting--1', sighting_of_ref: 'indicator--a', last_seen: '2023-11-02T00:00:00Z' },
          { type: 'sighting', id: 'sighting--2', sighting_of_ref: 'indicator--a', last_seen: '2023-11-04T00:00:00Z' },
          // Earlier than valid_from: widens nothing.
          { type: 'sighting', id: 'sighting--3', sighting_of_ref: 'indicator--b', last_seen: '2023-10-01T00:00:00Z' },
        ],
      },
      'b.json',
    );
    expect(records.map((r) => [r.indicator.value, r.seenAt, r.lastSeenAt, r.labels])).toEqual([
      ['203.0.113.96', '2023-11-01T10:00:00.000Z', '2023-11-04T00:00:00.000Z', ['c2']],
      ['203.0.113.97', '2023-11-01T10:00:00.000Z', undefined, ['c2']],
    ]);
  });

  it('keeps a | inside a URL: only composite types are split', () => {
    const { records } = parseMispEvent({ Event: { uuid: 'e2', Orgc: { name: 'ORG' }, Attribute: [{ uuid: 'a1', type: 'url', value: 'https://evil.example/a;=cmd|calc!A0' }] } }, 'e2.json');
    expect(records.map((r) => r.indicator.value)).toEqual(['https://evil.example/a;=cmd|calc!A0']);
  });
});

describe('TweetFeed rows and plain lists', () => {
  it('reads a quoted URL value with commas and quotes inside', () => {
    const r = parseTweetFeedLine('2026-08-19 12:22:01,someone,url,"https://evil.example/p?a=1,2&b=""x""",#phishing #Scam,https://x.com/someone/status/123', 7);
    expect(r).toMatchObject({ indicator: { type: 'url', value: 'https://evil.example/p?a=1,2&b=%22x%22' }, author: 'someone', ref: 'x:123', labels: ['phishing', 'scam'] });
  });
  it('names the line and field of a bad row', () => {
    expect(() => parseTweetFeedLine('2026-08-19 12:22:01,someone,ip,not-an-ip,,https://x.com/s/status/1', 9)).toThrow(/not a valid ip/);
  });
  it('plain lists: comments, trailing notes and junk lines', () => {
    const reader = createPlainListReader();
    expect(['# header', '', '198.51.100.1 # c2', '198.51.100.0/24', 'junk line', '; note'].map((l) => reader.line(l))).toEqual([
      'skip', 'skip', { type: 'ipv4', value: '198.51.100.1' }, { type: 'cidr', value: '198.51.100.0/24' }, 'invalid', 'skip',
    ]);
  });
});

describe('MISP CSV export', () => {
  it('reads rows with MISP types: links and file names skipped, composite values split, date kept', async () => {
    const { createMispCsvReader } = await import('../../src/core/intel/feeds/misp-csv.js');
    const reader = createMispCsvReader('misp-csv:e.csv');
    const lines = [
      'uuid,event_id,category,type,value,comment,to_ids,date,object_relation,attribute_tag',
      '"u1",1,"Network activity","ip-dst|port","91.92.240.13|8443","",1,1700000000,"",""',
      '"u2",1,"External analysis","link","https://www.virustotal.com/gui/file/x","",0,1700000000,"",""',
      '"u3",1,"Payload delivery","filename|md5","a.exe|' + 'c'.repeat(32) + '","",1,1700000000,"","malware"',
    ];
    const out = lines.map((l, i) => reader.line(l, i + 1));
    expect(out[0]).toBe('header');
    expect(out[1]).toEqual([expect.objectContaining({ indicator: { type: 'ipv4', value: '91.92.240.13', port: 8443 }, ref: 'u1', seenAt: '2023-11-14T22:13:20.000Z' })]);
    expect(out[2]).toBe('skip');
    expect(out[3]).toEqual([expect.objectContaining({ indicator: { type: 'md5', value: 'c'.repeat(32) }, labels: ['malware'] })]);
  });
});

describe('sighting times and ports out of bounds (core/bounds.ts)', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');

  it('TweetFeed: a date before 1970 or from 2100 on is refused, naming line, field and bound', () => {
    for (const date of ['0000-01-01 00:00:00', '1969-12-31 23:59:59', '2100-01-01 00:00:00', '9999-12-31 23:59:59']) {
      const err = thrown(() => parseTweetFeedLine(`${date},someone,ip,203.0.113.79,#c2,https://x.com/someone/status/1`, 4)) as SightlineError;
      expect(err, date).toBeInstanceOf(MalformedRecordError);
      expect(err.location, date).toEqual({ line: 4, field: 'date' });
      expect(err.message, date).toBe(`"${date}" is not a date from 1970-01-01 up to 2100-01-01`);
    }
    expect(parseTweetFeedLine('1970-01-01 00:00:00,someone,ip,203.0.113.79,#c2,', 1)?.seenAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('STIX: a valid_from no clock shows (year 275760, before 1970) is taken as now, like a missing one', () => {
    const before = Date.now();
    for (const valid of ['+275760-09-13T00:00:00.000Z', '2100-01-01T00:00:00Z', '1601-01-01T00:00:00Z']) {
      const { records } = parseStixBundle(
        { type: 'bundle', objects: [{ type: 'indicator', id: 'indicator--a', created: valid, valid_from: valid, pattern: "[ipv4-addr:value = '203.0.113.77']" }] },
        'far.json',
      );
      const seen = Date.parse(records[0]?.seenAt ?? '');
      expect(seen >= before && seen <= Date.now(), valid).toBe(true);
    }
  });

  it('MISP: a timestamp out of bounds falls back to the event date, a port past 65535 is left out', () => {
    const { records } = parseMispEvent(
      {
        Event: {
          uuid: 'e1', date: '2023-08-16', Orgc: { name: 'Org' },
          Attribute: [
            { uuid: 'a1', type: 'ip-dst|port', value: '203.0.113.81|99999', timestamp: '1e20' },
            { uuid: 'a2', type: 'ip-dst|port', value: '203.0.113.82|8443', timestamp: '-5' },
            { uuid: 'a3', type: 'ip-dst', value: '203.0.113.83', timestamp: '1700000000' },
          ],
        },
      },
      'event.json',
    );
    expect(records.map((r) => [r.indicator.value, r.indicator.port, r.seenAt])).toEqual([
      ['203.0.113.81', undefined, '2023-08-16T00:00:00.000Z'],
      ['203.0.113.82', 8443, '2023-08-16T00:00:00.000Z'],
      ['203.0.113.83', undefined, '2023-11-14T22:13:20.000Z'],
    ]);
  });

  it('posts: a saved X post dated before 1970 is refused naming created_at; a synced post so dated is taken as now', () => {
    expect(postTime('2025-12-06T18:20:30.000Z', now)).toBe('2025-12-06T18:20:30.000Z');
    expect(postTime('2099-12-06T18:20:30.000Z', now)).toBe('2026-03-01T00:00:00.000Z');
    const err = thrown(() => postTime('0001-01-01T00:00:00Z', now, 3)) as SightlineError;
    expect([err.location, err.message]).toEqual([{ line: 3, field: 'created_at' }, '"0001-01-01T00:00:00Z" is not a date from 1970-01-01 up to 2100-01-01']);
    for (const raw of ['-271821-04-20T00:00:00Z', '1969-12-31T23:59:59Z', 'soon', 17]) expect(syncedPostTime(raw, now), String(raw)).toBe('2026-03-01T00:00:00.000Z');
  });
});
