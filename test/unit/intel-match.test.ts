import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMigrations, homeMigrations, openDatabase } from '../../src/core/db/index.js';
import { defaultDecay } from '../../src/core/intel/decay.js';
import { importIntelFile } from '../../src/core/intel/import-intel-file.js';
import { explainHit, explainSuppression, matchCase, parseProcessHashes, readCaseObservables, retroHunt, type AddressObservable, type CaseIntelMatches } from '../../src/core/intel/match/index.js';
import { lookupValue, setAllowlisted, setVerdict } from '../../src/core/intel/store/queries.js';
import { bumpIntelRevision, bumpIntelRevisionGlobally, intelRevision, markIndicatorChanged } from '../../src/core/intel/store/revision.js';
import { loadWarninglists } from '../../src/core/intel/warninglists/index.js';
import { refreshEdges } from '../../src/core/telemetry/edge-refresh.js';
import { fixtures, resourcesDir } from '../helpers/fixtures.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const NOW = Date.parse('2026-12-07T00:00:00Z');
const at = { now: NOW, model: defaultDecay };
const warninglists = loadWarninglists(path.join(resourcesDir, 'warninglists'));
const tmp = new TempDirs();
let db: Database.Database;

/** A STIX bundle in TweetFeed's shape: one indicator per pattern, with its post. */
function stix(indicators: { pattern: string; at: string; author: string; text: string }[]): string {
  return JSON.stringify({
    type: 'bundle',
    id: 'bundle--0d7d1d64-0000-4000-8000-000000000000',
    objects: indicators.map((i, n) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--0d7d1d64-0000-4000-8000-${String(n).padStart(12, '0')}`,
      created: i.at,
      modified: i.at,
      valid_from: i.at,
      name: i.pattern,
      description: i.text,
      pattern: i.pattern,
      pattern_type: 'stix',
      external_references: [{ source_name: 'x', url: `https://x.com/${i.author}/status/${1000 + n}`, external_id: `${1000 + n}` }],
      x_author: i.author,
    })),
  });
}

const address = (ip: string, first: string, last = first, names: string[] = []): AddressObservable => ({ ip, firstTs: Date.parse(first), lastTs: Date.parse(last), names });
const byIp = (m: CaseIntelMatches, ip: string) => m.addresses.find((a) => a.ip === ip);

beforeAll(async () => {
  db = openDatabase(path.join(tmp.make(), 'intel.sqlite'), homeMigrations, 'the home database');
  for (const file of [fixtures.tweetfeedCsv, fixtures.stixBundle, fixtures.mispFeed]) await importIntelFile(db, file);
  const extra = tmp.file(
    'extra-stix.json',
    stix([
      { pattern: "[ipv4-addr:value = '45.137.21.0/24']", at: '2026-11-10T08:00:00Z', author: 'bphunter', text: 'Bulletproof range 45.137.21.0/24 serving loaders' },
      { pattern: "[ipv4-addr:value = '45.137.0.0/16']", at: '2026-11-10T08:00:00Z', author: 'bphunter', text: 'the whole /16' },
      { pattern: "[ipv6-addr:value = '2a0e:1c80:1::/48']", at: '2026-11-10T08:00:00Z', author: 'v6watch', text: 'IPv6 C2 range' },
      { pattern: "[ipv6-addr:value = '2a0e:1c80:2::5']", at: '2026-11-10T08:00:00Z', author: 'v6watch', text: 'IPv6 C2' },
      { pattern: "[ipv4-addr:value = '8.8.8.8']", at: '2026-11-20T06:00:00Z', author: 'noisybot', text: '#C2 8.8.8.8' },
    ]),
  );
  await importIntelFile(db, extra);
  setAllowlisted(db, 'ipv4', '193.27.90.102', true, 'our proxy');
  setVerdict(db, 'ipv4', '77.83.175.76', 'false-positive', 'sinkhole');
});

afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('matching a case against the IoC store', () => {
  it('finds an address reported before the connection, expired now but live then, citing the post', () => {
    const m = matchCase(db, { addresses: [address('84.247.187.67', '2026-08-23T10:00:00Z', '2026-08-24T10:00:00Z')], hashes: [] }, { at, warninglists });
    const hit = byIp(m, '84.247.187.67')?.hits.find((h) => h.type === 'ipv4');
    expect(hit).toMatchObject({ value: '84.247.187.67', how: 'exact', expiredNow: true, scoreNow: 0, reportedAfter: null });
    // The same score the store's lookup gives at that moment, when every sighting was already posted.
    const then = lookupValue(db, '84.247.187.67', { now: Date.parse('2026-08-23T10:00:00Z'), model: defaultDecay });
    expect(hit?.atConnection).toEqual({ at: '2026-08-23T10:00:00.000Z', score: then.score, expired: false });
    expect(then.score).toBeGreaterThan(0);
    expect(hit?.citations[0]).toMatchObject({ author: 'Fact_Finder03', link: 'https://x.com/Fact_Finder03/status/2091157330536841306', postedAt: '2026-08-22T13:35:34.000Z' });
    expect(explainHit(hit as NonNullable<typeof hit>)).toContain('84.247.187.67 is in the IoC store, reported by @Fact_Finder03');
  });

  it('says when an indicator was reported only after the connection, with the score it had then', () => {
    const m = matchCase(db, { addresses: [address('84.247.187.67', '2026-08-01T10:00:00Z')], hashes: [] }, { at, warninglists });
    const hit = byIp(m, '84.247.187.67')?.hits[0];
    expect(hit?.atConnection).toBeNull();
    expect(hit?.reportedAfter?.at).toBe(hit?.firstReported);
    expect(hit?.reportedAfter?.score).toBe(lookupValue(db, '84.247.187.67', { now: Date.parse(hit?.firstReported as string), model: defaultDecay }).score);
    expect(explainHit(hit as NonNullable<typeof hit>)).toContain('after the last connection');
  });

  it('matches every stored network containing an address, IPv4 and IPv6, and IPv6 exactly', () => {
    const m = matchCase(
      db,
      { addresses: [address('45.137.21.77', '2026-11-11T00:00:00Z'), address('2a0e:1c80:1:7::9', '2026-11-11T00:00:00Z'), address('2a0e:1c80:2::5', '2026-11-11T00:00:00Z'), address('45.138.0.1', '2026-11-11T00:00:00Z')], hashes: [] },
      { at, warninglists },
    );
    expect(byIp(m, '45.137.21.77')?.hits.map((h) => [h.value, h.how]).sort()).toEqual([['45.137.0.0/16', 'cidr'], ['45.137.21.0/24', 'cidr']]);
    expect(byIp(m, '2a0e:1c80:1:7::9')?.hits.map((h) => [h.value, h.how])).toEqual([['2a0e:1c80:1::/48', 'cidr']]);
    expect(byIp(m, '2a0e:1c80:2::5')?.hits.map((h) => [h.value, h.how])).toEqual([['2a0e:1c80:2::5', 'exact']]);
    expect(byIp(m, '45.138.0.1')).toBeUndefined();
    expect(byIp(m, '45.137.21.77')?.hits[0]?.citations[0]).toMatchObject({ author: 'bphunter', text: expect.stringContaining('Bulletproof') });
  });

  it('matches names: the domain, a parent domain, and the host of a URL', () => {
    const m = matchCase(
      db,
      { addresses: [address('203.0.113.5', '2026-08-23T00:00:00Z', '2026-08-23T00:00:00Z', ['scr33nc0nn3ctz00m.com']), address('203.0.113.6', '2026-08-23T00:00:00Z', '2026-08-23T00:00:00Z', ['cdn.live-zoorn.com.'])], hashes: [] },
      { at, warninglists },
    );
    expect(byIp(m, '203.0.113.5')?.hits.map((h) => `${h.type} ${h.how}`).sort()).toEqual(['domain domain', 'url url-host']);
    expect(byIp(m, '203.0.113.6')?.hits.map((h) => [h.value, h.how, h.via])).toEqual([['live-zoorn.com', 'parent-domain', 'cdn.live-zoorn.com']]);
  });

  it('matches process hashes of the types the store keeps', () => {
    const sha256 = '0e5b4d540f72a6d2d3c470b0455c5f59ac65413da375d702f8430edd981e07d3';
    const m = matchCase(
      db,
      { addresses: [], hashes: [{ type: 'sha256', value: sha256.toUpperCase(), firstTs: Date.parse('2026-09-01T00:00:00Z'), lastTs: Date.parse('2026-09-02T00:00:00Z') }, { type: 'md5', value: '8523f2ff3ff13e510a9bf75665562b3b' }, { type: 'md5', value: 'ffffffffffffffffffffffffffffffff' }] },
      { at, warninglists },
    );
    expect(m.hashes.map((h) => [h.type, h.value, h.hits[0]?.how])).toEqual([['sha256', sha256, 'exact'], ['md5', '8523f2ff3ff13e510a9bf75665562b3b', 'exact']]);
    expect(m.hashes[0]?.hits[0]?.atConnection?.score).toBeGreaterThan(0);
    expect(m.hashes[1]?.hits[0]?.atConnection).toBeNull();
  });

  it('returns warninglisted, allowlisted and false-positive values as suppressed, with the reason', () => {
    const m = matchCase(
      db,
      { addresses: [address('8.8.8.8', '2026-11-21T00:00:00Z'), address('193.27.90.102', '2026-11-21T00:00:00Z'), address('77.83.175.76', '2026-11-21T00:00:00Z')], hashes: [] },
      { at, warninglists },
    );
    const dns = byIp(m, '8.8.8.8');
    expect(dns?.hits).toEqual([]);
    expect(dns?.suppressed[0]?.reasons).toEqual([expect.objectContaining({ kind: 'warninglist', listId: 'public-dns-v4', on: 'indicator', value: '8.8.8.8' })]);
    expect(dns?.suppressed[0]?.atConnection?.score).toBeGreaterThan(0);
    expect(explainSuppression(dns?.suppressed[0] as NonNullable<typeof dns>['suppressed'][number])).toMatch(/suppressed: 8\.8\.8\.8 is on the warninglist ".*DNS.*"/);
    expect(byIp(m, '193.27.90.102')?.suppressed[0]?.reasons).toEqual([expect.objectContaining({ kind: 'allowlist', note: 'our proxy' })]);
    expect(byIp(m, '77.83.175.76')?.suppressed[0]?.reasons).toEqual([expect.objectContaining({ kind: 'false-positive', note: 'sinkhole' })]);
    expect(byIp(m, '77.83.175.76')?.hits).toEqual([]);
    // Without the lists, 8.8.8.8 is a hit like any other: the suppression comes from the list.
    expect(byIp(matchCase(db, { addresses: [address('8.8.8.8', '2026-11-21T00:00:00Z')], hashes: [] }, { at }), '8.8.8.8')?.hits).toHaveLength(1);
  });
});

describe('retro-hunt', () => {
  it('matches again against only what changed since a revision, announcing new hits with their post', async () => {
    const observables = { addresses: [address('84.247.187.67', '2026-08-23T00:00:00Z'), address('185.225.74.19', '2026-11-25T00:00:00Z')], hashes: [] };
    const first = matchCase(db, observables, { at, warninglists });
    expect(byIp(first, '185.225.74.19')).toBeUndefined();
    const since = first.intelRevision;
    expect(retroHunt(db, observables, since, { at, warninglists }).announcements).toEqual([]);

    await importIntelFile(db, tmp.file('new.json', stix([{ pattern: "[ipv4-addr:value = '185.225.74.19']", at: '2026-11-24T09:00:00Z', author: 'c2watch', text: 'AsyncRAT C2 185.225.74.19' }])));
    expect(intelRevision(db)).toBe(since + 1);
    const retro = retroHunt(db, observables, since, { at, warninglists });
    expect(retro.changes).toMatchObject({ full: false, indicators: 1, revision: since + 1 });
    expect(retro.matches.checked.indicators).toBe(1);
    expect(retro.announcements.map((a) => [a.observable, a.hit.value, a.cause?.author, a.cause?.text])).toEqual([['185.225.74.19', '185.225.74.19', 'c2watch', 'AsyncRAT C2 185.225.74.19']]);

    // A verdict marks its indicator; a change of every score asks for a full match.
    db.transaction(() => {
      setVerdict(db, 'ipv4', '84.247.187.67', 'confirmed', null);
      markIndicatorChanged(db, 'ipv4', '84.247.187.67');
      bumpIntelRevision(db);
    })();
    expect(retroHunt(db, observables, since + 1, { at, warninglists }).announcements.map((a) => a.observable)).toEqual(['84.247.187.67']);
    bumpIntelRevisionGlobally(db);
    const full = retroHunt(db, observables, since + 2, { at, warninglists });
    expect(full.changes.full).toBe(true);
    expect(full.announcements.map((a) => a.observable).sort()).toEqual(['185.225.74.19', '84.247.187.67']);
    setVerdict(db, 'ipv4', '84.247.187.67', null, null);
  });
});

describe('reading a case', () => {
  it('lists destinations with their first and last connection, names from DNS and Sysmon, and process hashes', () => {
    const c = openDatabase(path.join(tmp.make(), 'case.sqlite'), caseMigrations, 'the case');
    try {
      c.prepare("INSERT INTO imports (id, file_name, sha256, format, bytes, events, imported_at) VALUES (1, 'f', 'x', 'sysmon-json', 1, 4, '2026-01-01')").run();
      const event = c.prepare('INSERT INTO events (id, import_id, line, ts, host, image, src_ip, dst_ip, dst_host, peer_id) VALUES (?, 1, 1, ?, ?, ?, ?, ?, ?, ?)');
      event.run(1, 1000, 'WS1', 'C:\\a.exe', '10.0.0.1', '185.225.74.19', 'evil.example.com', 3);
      event.run(2, 5000, 'WS1', 'C:\\a.exe', '10.0.0.1', '185.225.74.19', 'odd,name', null);
      // A sensor flow joined to event 1: counted once, through the endpoint event, so its earlier time is not the destination's.
      event.run(3, 500, 'sensor', null, '10.0.0.1', '185.225.74.19', null, 1);
      event.run(4, 7000, 'WS2', null, '10.0.0.2', '8.8.8.8', null, null);
      // The per-edge totals, as import and join keep them.
      c.exec('CREATE TEMP TABLE keys AS SELECT DISTINCT host, COALESCE(image, \'\') AS image, dst_ip FROM events');
      refreshEdges(c, 'keys');
      c.prepare("INSERT INTO dns_answers (import_id, line, ts, host, query, ip) VALUES (1, 1, 900, 'WS1', 'cdn.evil.example.com', '185.225.74.19'), (1, 2, 900, 'WS1', 'never-connected.example', '192.0.2.1')").run();
      c.prepare("INSERT INTO processes (import_id, line, ts, host, image, hashes) VALUES (1, 1, 100, 'WS1', 'C:\\a.exe', 'SHA1=AA,MD5=8523F2FF3FF13E510A9BF75665562B3B,SHA256=0E5B4D540F72A6D2D3C470B0455C5F59AC65413DA375D702F8430EDD981E07D3,IMPHASH=8523F2FF3FF13E510A9BF75665562B3C'), (1, 2, 900, 'WS2', 'C:\\b.exe', 'MD5=8523f2ff3ff13e510a9bf75665562b3b')").run();
      const o = readCaseObservables(c);
      expect([...o.addresses].sort((a, b) => a.ip.localeCompare(b.ip))).toEqual([
        { ip: '185.225.74.19', firstTs: 1000, lastTs: 5000, names: ['evil.example.com', 'odd,name', 'cdn.evil.example.com'] },
        { ip: '8.8.8.8', firstTs: 7000, lastTs: 7000, names: [] },
      ]);
      expect(o.hashes).toEqual([
        { type: 'md5', value: '8523f2ff3ff13e510a9bf75665562b3b', firstTs: 100, lastTs: 900 },
        { type: 'sha256', value: '0e5b4d540f72a6d2d3c470b0455c5f59ac65413da375d702f8430edd981e07d3', firstTs: 100, lastTs: 100 },
      ]);
      // The case's hashes find the store's: one adapter, one matcher.
      expect(matchCase(db, o, { at, warninglists }).hashes.map((h) => h.type)).toEqual(['md5', 'sha256']);
    } finally {
      c.close();
    }
  });

  it('reads the hash types the store keeps from Sysmon Hashes, never IMPHASH as MD5', () => {
    expect(parseProcessHashes('SHA1=DA39A3EE5E6B4B0D3255BFEF95601890AFD80709, IMPHASH=D41D8CD98F00B204E9800998ECF8427E')).toEqual([{ type: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }]);
    expect(parseProcessHashes('MD5=xyz,SHA256=12')).toEqual([]);
  });
});
