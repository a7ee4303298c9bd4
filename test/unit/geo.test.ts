import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGeo, describeGeoMissing, describeGeoResult } from '../../src/core/analysis/enrich/geo.js';
import { versionDate, type GeoCandidate } from '../../src/core/analysis/enrich/geo-sources.js';
import { writeMmdb, type MmdbSpec } from '../helpers/mmdb-writer.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

/** Country data shaped like ip-location-db's (`country_code`), built 2025-06-15. */
const countrySpec: MmdbSpec = {
  databaseType: 'country ipvAll',
  networks: [
    ['8.8.8.0/24', { country_code: 'US' }],
    ['1.1.1.0/24', { country_code: 'AU' }],
    ['2001:4860::/32', { country_code: 'US' }],
    ['5.5.5.0/24', { country_code: 'not a code' }],
  ],
};
const AS_CSV = '8.8.8.0,8.8.8.255,15169,Google LLC\n1.1.1.0,1.1.1.255,13335,"Cloudflare, Inc."\n';
const AS_V6_CSV = '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\n';

/** Packaged data as the installed packages would give it, from files in a temp folder. */
function packaged(): GeoCandidate[] {
  const dir = tmp.make('sightline-geo-pkg-');
  fs.writeFileSync(path.join(dir, 'country.mmdb'), writeMmdb(countrySpec));
  fs.writeFileSync(path.join(dir, 'asn-ipv4.csv'), AS_CSV);
  fs.writeFileSync(path.join(dir, 'asn-ipv6.csv'), AS_V6_CSV);
  const base = { origin: 'packaged', package: 'test 1.0.2025061500', licence: 'CC0-1.0', attribution: 'test data' } as const;
  return [
    { info: { ...base, role: 'country', format: 'mmdb', files: [path.join(dir, 'country.mmdb')], builtAt: null } },
    { info: { ...base, role: 'as', format: 'csv', files: [path.join(dir, 'asn-ipv4.csv'), path.join(dir, 'asn-ipv6.csv')], builtAt: '2025-06-15T00:00:00.000Z' } },
  ];
}

function homeWith(files: Record<string, Buffer | string>): string {
  const home = tmp.make('sightline-geo-home-');
  fs.mkdirSync(path.join(home, 'geo'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(home, 'geo', name), content);
  return home;
}

describe('offline country and AS', () => {
  it('answers country and AS for public IPv4 and IPv6, and for IPv4 inside IPv6', () => {
    const geo = createGeo({ dataHome: null, packaged: packaged() });
    const google = { country: 'US', as: { number: 15169, organisation: 'Google LLC' }, countryMissing: null, asMissing: null };
    expect(geo.lookup('8.8.8.8')).toEqual(google);
    expect(geo.lookup(' 8.8.8.8 ')).toEqual(google);
    expect(geo.lookup('2001:4860:4860::8888')).toEqual(google);
    expect(geo.lookup('::ffff:8.8.8.8')).toEqual(google);
    expect(geo.lookup('2002:808:808::1')).toEqual(google); // 6to4 of 8.8.8.8
    expect(geo.lookup('1.1.1.1')).toMatchObject({ country: 'AU', as: { number: 13335, organisation: 'Cloudflare, Inc.' } });
  });

  it('says why a part is missing: not an address, not public, not in the data, a bad value in the data', () => {
    const geo = createGeo({ dataHome: null, packaged: packaged() });
    expect(geo.lookup('example.com')).toEqual({ country: null, as: null, countryMissing: 'not-an-address', asMissing: 'not-an-address' });
    expect(geo.lookup('10.1.2.3')).toMatchObject({ countryMissing: 'not-public', asMissing: 'not-public' });
    expect(geo.lookup('2001:db8::1')).toMatchObject({ countryMissing: 'not-public' });
    expect(geo.lookup('::ffff:192.168.1.1')).toMatchObject({ countryMissing: 'not-public' });
    expect(geo.lookup('9.9.9.9')).toEqual({ country: null, as: null, countryMissing: 'not-in-data', asMissing: 'not-in-data' });
    expect(geo.lookup('5.5.5.5')).toMatchObject({ country: null, countryMissing: 'not-in-data' });
    expect(describeGeoMissing('no-data', 'country')).toBe('no country data');
    expect(describeGeoMissing('not-public', 'AS')).toBe('no AS: not a public address');
  });

  it('describes a result in one phrase for explanations', () => {
    const geo = createGeo({ dataHome: homeWith({ 'asn-ipv4.csv': '8.8.8.0,8.8.8.255,15169,Google LLC\n5.5.5.0,5.5.5.255,64500,\n' }), packaged: packaged() });
    expect(describeGeoResult(geo.lookup('8.8.8.8'))).toBe('US, AS15169 (Google LLC)');
    expect(describeGeoResult(geo.lookup('10.0.0.1'))).toBe('not a public address');
    expect(describeGeoResult(geo.lookup('nonsense'))).toBe('not an IP address');
    expect(describeGeoResult(geo.lookup('9.9.9.9'))).toBe('not in the country or AS data');
    expect(describeGeoResult(geo.lookup('5.5.5.5'))).toBe('country unknown (not in the country data), AS64500');
    expect(describeGeoResult(createGeo({ dataHome: null, packaged: [] }).lookup('8.8.8.8'))).toBe('no country or AS data');
  });

  it('answers "no country data" and "no AS data" without any data, never throwing', () => {
    const geo = createGeo({ dataHome: tmp.make(), packaged: [] });
    expect(geo.lookup('8.8.8.8')).toEqual({ country: null, as: null, countryMissing: 'no-data', asMissing: 'no-data' });
    expect(geo.info()).toEqual({ country: null, as: null, problems: [] });
  });

  it('reports the data in use with its date and attribution', () => {
    const info = createGeo({ dataHome: null, packaged: packaged() }).info();
    expect(info.country).toMatchObject({ role: 'country', origin: 'packaged', format: 'mmdb', builtAt: '2025-06-15T15:06:40.000Z', licence: 'CC0-1.0', attribution: 'test data' });
    expect(info.as).toMatchObject({ role: 'as', origin: 'packaged', format: 'csv', builtAt: '2025-06-15T00:00:00.000Z' });
    expect(info.problems).toEqual([]);
  });

  it('reads nothing until first used', () => {
    const candidates = packaged();
    const geo = createGeo({ dataHome: null, packaged: candidates });
    for (const c of candidates) for (const f of c.info.files) fs.rmSync(f);
    expect(geo.info()).toMatchObject({ country: null, as: null });
    expect(geo.info().problems.map((p) => p.message).join('\n')).toMatch(/Cannot read/);
  });
});

describe('files dropped into <data home>/geo', () => {
  it('take precedence over the packaged data, MaxMind-shaped records included', () => {
    const home = homeWith({
      'GeoLite2-Country.mmdb': writeMmdb({ databaseType: 'GeoLite2-Country', buildEpoch: 1_780_000_000, networks: [['8.8.8.0/24', { country: { iso_code: 'CA', names: { en: 'Canada' } } }]] }),
      'GeoLite2-ASN.mmdb': writeMmdb({ databaseType: 'GeoLite2-ASN', networks: [['8.8.0.0/16', { autonomous_system_number: 64500, autonomous_system_organization: 'Dropped In' }]] }),
    });
    const geo = createGeo({ dataHome: home, packaged: packaged() });
    expect(geo.lookup('8.8.8.8')).toEqual({ country: 'CA', as: { number: 64500, organisation: 'Dropped In' }, countryMissing: null, asMissing: null });
    // The dropped-in files answer alone: an address only the packaged data knows is not in the data.
    expect(geo.lookup('1.1.1.1')).toMatchObject({ countryMissing: 'not-in-data', asMissing: 'not-in-data' });
    const info = geo.info();
    expect(info.country).toMatchObject({ origin: 'data-home', files: [path.join(home, 'geo', 'GeoLite2-Country.mmdb')], builtAt: '2026-05-28T20:26:40.000Z', licence: null, package: null });
    expect(info.as).toMatchObject({ origin: 'data-home', format: 'mmdb' });
  });

  it('use the newest of several files of one kind', () => {
    const home = homeWith({
      'a-old.mmdb': writeMmdb({ ...countrySpec, buildEpoch: 1_700_000_000, networks: [['8.8.8.0/24', { country_code: 'DE' }]] }),
      'b-new.mmdb': writeMmdb({ ...countrySpec, buildEpoch: 1_800_000_000, networks: [['8.8.8.0/24', { country_code: 'FR' }]] }),
      'c-mid.mmdb': writeMmdb({ ...countrySpec, buildEpoch: 1_750_000_000, networks: [['8.8.8.0/24', { country_code: 'NL' }]] }),
    });
    expect(createGeo({ dataHome: home, packaged: packaged() }).lookup('8.8.8.8').country).toBe('FR');
  });

  it('take AS CSVs in ip-location-db format', () => {
    const home = homeWith({ 'asn-ipv4.csv': '8.8.8.0,8.8.8.255,64501,Newer Name\n' });
    const geo = createGeo({ dataHome: home, packaged: packaged() });
    expect(geo.lookup('8.8.8.8').as).toEqual({ number: 64501, organisation: 'Newer Name' });
    expect(geo.info().as).toMatchObject({ origin: 'data-home', format: 'csv', files: [path.join(home, 'geo', 'asn-ipv4.csv')], package: null });
    expect(geo.lookup('8.8.8.8').country).toBe('US'); // the country still from the packaged data
  });

  it('that cannot be used are reported, and the next source answers', () => {
    const home = homeWith({
      'broken.mmdb': Buffer.from('not a database at all'),
      'cities.mmdb': writeMmdb({ databaseType: 'Weather-Stations', networks: [] }),
      'asn-ipv4.csv': '8.8.8.0,8.8.8.255,AS15169,Google LLC\n',
    });
    const geo = createGeo({ dataHome: home, packaged: packaged() });
    expect(geo.lookup('8.8.8.8')).toMatchObject({ country: 'US', as: { number: 15169 } });
    const problems = geo.info().problems;
    expect(problems).toEqual([
      { file: path.join(home, 'geo', 'broken.mmdb'), message: expect.stringMatching(/broken\.mmdb is not a MaxMind DB/) },
      { file: path.join(home, 'geo', 'cities.mmdb'), message: 'cities.mmdb holds neither countries nor autonomous systems (database type "Weather-Stations")' },
      { file: path.join(home, 'geo', 'asn-ipv4.csv'), message: expect.stringMatching(/asn-ipv4\.csv line 1: autonomous_system_number is not an AS number/) },
    ]);
    expect(geo.info().as).toMatchObject({ origin: 'packaged' });
  });

  it('refuse metadata that does not fit the file, before any lookup reads past its end', () => {
    const good = writeMmdb(countrySpec);
    // node_count is the first metadata value after the marker; claim a tree far larger than the file.
    const marker = good.indexOf(Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'));
    const metadata = good.subarray(marker + 14);
    const at = metadata.indexOf(Buffer.from('node_count')) + 'node_count'.length;
    const damaged = Buffer.from(good);
    damaged.writeUInt8(0xc4, marker + 14 + at); // uint32 of 4 bytes
    damaged.writeUInt32BE(0x7fffffff, marker + 15 + at);
    const home = homeWith({ 'country.mmdb': Buffer.concat([damaged.subarray(0, marker + 14 + at + 5), metadata.subarray(at + 1 + (metadata[at]! & 0x1f))]) });
    const geo = createGeo({ dataHome: home, packaged: packaged() });
    expect(geo.lookup('8.8.8.8').country).toBe('US');
    expect(geo.info().problems[0]?.message).toMatch(/country\.mmdb has damaged MaxMind DB metadata: a search tree of \d+ bytes in a file of \d+/);
  });

  it('may be IPv4-only: IPv6 lookups there find nothing', () => {
    const home = homeWith({ 'v4.mmdb': writeMmdb({ databaseType: 'country ipv4', ipVersion: 4, networks: [['8.8.8.0/24', { country_code: 'SE' }]] }) });
    const geo = createGeo({ dataHome: home, packaged: [] });
    expect(geo.lookup('8.8.8.8').country).toBe('SE');
    expect(geo.lookup('2001:4860::1')).toMatchObject({ country: null, countryMissing: 'not-in-data' });
  });
});

describe('the AS table kept in <data home>/geo/cache', () => {
  it('is written owner-only on first use and read instead of the CSV afterwards', () => {
    const home = tmp.make();
    const candidates = packaged();
    const csv = candidates[1]?.info.files[0] as string;
    const when = new Date('2025-01-01T00:00:00Z'); // whole seconds, so setting it again gives the same stamp
    fs.utimesSync(csv, when, when);
    expect(createGeo({ dataHome: home, packaged: candidates }).lookup('8.8.8.8').as?.number).toBe(15169);
    const cache = path.join(home, 'geo', 'cache');
    const [kept] = fs.readdirSync(cache);
    expect(kept).toMatch(/^asn-[0-9a-f]{16}\.bin$/);
    if (process.platform !== 'win32') {
      expect(fs.statSync(cache).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(cache, kept as string)).mode & 0o777).toBe(0o600);
    }
    // Spoil the CSV but keep its size and time: only the kept table can still answer.
    fs.writeFileSync(csv, 'x'.repeat(fs.statSync(csv).size));
    fs.utimesSync(csv, when, when);
    const again = createGeo({ dataHome: home, packaged: candidates });
    expect(again.lookup('8.8.8.8').as?.number).toBe(15169);
    expect(again.info().problems).toEqual([]);
  });

  it('is built again when damaged or made from other data, and older tables are removed', () => {
    const home = tmp.make();
    const candidates = packaged();
    createGeo({ dataHome: home, packaged: candidates }).info();
    const cache = path.join(home, 'geo', 'cache');
    const first = fs.readdirSync(cache)[0] as string;
    fs.writeFileSync(path.join(cache, first), 'damaged');
    expect(createGeo({ dataHome: home, packaged: candidates }).lookup('1.1.1.1').as?.number).toBe(13335);
    expect(fs.readFileSync(path.join(cache, first)).subarray(0, 8).toString()).toBe('SLASTBL1');
    // New data (another file size): a new table, the old one removed.
    fs.appendFileSync(candidates[1]?.info.files[0] as string, '9.9.9.0,9.9.9.255,19281,Quad9\n');
    expect(createGeo({ dataHome: home, packaged: candidates }).lookup('9.9.9.9').as?.number).toBe(19281);
    const now = fs.readdirSync(cache);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(first);
  });

  it('when it cannot be written, says so and answers all the same', () => {
    const home = homeWith({ cache: 'a file where the folder should be' });
    const geo = createGeo({ dataHome: home, packaged: packaged() });
    expect(geo.lookup('8.8.8.8').as?.number).toBe(15169);
    expect(geo.info().problems).toEqual([{ file: path.join(home, 'geo', 'cache'), message: expect.stringMatching(/^the AS table could not be kept for the next run/) }]);
  });
});

describe('versionDate', () => {
  it('reads the build hour at the end of ip-location-db versions, nothing else', () => {
    expect(versionDate('2.3.2026061719')).toBe('2026-06-17T19:00:00.000Z');
    expect(versionDate('1.0.0')).toBeNull();
    expect(versionDate('2.3.2026023119')).toBeNull(); // 31 February
    expect(versionDate('2.3.2026061799')).toBeNull();
  });
});
