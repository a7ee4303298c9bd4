import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGeo } from '../../src/core/analysis/enrich/geo.js';
import { installedGeoCandidates, packagedGeoData } from '../../src/core/analysis/enrich/geo-sources.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/*
 * The country and AS data installed with Sightline (npm dependencies),
 * read for real: well-known addresses, the data's dates, the AS table kept
 * in the data home, and the lookup rate. Skipped, saying so, where the
 * packages are not installed (the lookups then answer "no data", tested in
 * test/unit/geo.test.ts).
 */
const installed = installedGeoCandidates();
const present = installed.length === 2 && installed.every((c) => c.info.files.every((f) => fs.existsSync(f)));
if (!present) {
  console.warn(`geo-data: skipping, ${packagedGeoData.country.package} or ${packagedGeoData.as.package} is not installed (npm ci installs them)`);
}

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

describe.skipIf(!present)('the installed country and AS data', () => {
  const home = tmp.make('sightline-geo-real-');
  let firstMs = 0;

  it('answers country and AS of well-known public addresses', () => {
    const t0 = performance.now();
    const geo = createGeo({ dataHome: home });
    const google = geo.lookup('8.8.8.8');
    firstMs = performance.now() - t0;
    console.info(`geo-data: first lookup, building the AS table from CSV: ${firstMs.toFixed(0)} ms`);
    expect(google).toEqual({ country: 'US', as: { number: 15169, organisation: 'Google LLC' }, countryMissing: null, asMissing: null });
    expect(geo.lookup('2001:4860:4860::8888')).toMatchObject({ country: 'US', as: { number: 15169 } });
    expect(geo.lookup('1.1.1.1').as).toMatchObject({ number: 13335, organisation: expect.stringMatching(/^Cloudflare/) });
    expect(geo.lookup('9.9.9.9').as?.number).toBe(19281);
    expect(geo.lookup('149.154.167.220').as).toMatchObject({ number: 62041, organisation: expect.stringMatching(/Telegram/) });
    expect(geo.lookup('10.0.0.1')).toMatchObject({ countryMissing: 'not-public', asMissing: 'not-public' });
  });

  it('says which files and dates are in use, with the attribution', () => {
    const info = createGeo({ dataHome: home }).info();
    expect(info.problems).toEqual([]);
    expect(info.country).toMatchObject({ origin: 'packaged', format: 'mmdb', licence: 'CC0-1.0', package: expect.stringMatching(/^@ip-location-db\/geo-whois-asn-country-mmdb \d/) });
    expect(info.as).toMatchObject({ origin: 'packaged', format: 'csv', licence: 'CC-BY-4.0', attribution: expect.stringContaining('db-ip.com') });
    for (const part of [info.country, info.as]) {
      expect(Date.parse(part?.builtAt ?? '')).toBeGreaterThan(Date.parse('2024-01-01'));
      console.info(`geo-data: ${part?.role} from ${part?.package}, built ${part?.builtAt}`);
    }
  });

  it('keeps the AS table in the data home and loads it much faster the next time', () => {
    const cache = path.join(home, 'geo', 'cache');
    const [kept] = fs.readdirSync(cache);
    const size = fs.statSync(path.join(cache, kept as string)).size;
    const t0 = performance.now();
    const geo = createGeo({ dataHome: home });
    expect(geo.lookup('8.8.8.8').as?.number).toBe(15169);
    const againMs = performance.now() - t0;
    console.info(`geo-data: AS table kept in ${(size / 2 ** 20).toFixed(1)} MB; first lookup with it ${againMs.toFixed(0)} ms (built from CSV: ${firstMs.toFixed(0)} ms)`);
    expect(againMs).toBeLessThan(firstMs);
  });

  it('looks up a million public IPv4 addresses at a measured rate', () => {
    const geo = createGeo({ dataHome: home });
    const n = 1_000_000;
    const ips = new Array<string>(n);
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      ips[i] = `${s >>> 24}.${(s >>> 16) & 255}.${(s >>> 8) & 255}.${s & 255}`;
    }
    geo.lookup('8.8.8.8');
    let found = 0;
    const t0 = performance.now();
    for (const ip of ips) if (geo.lookup(ip).country !== null) found++;
    const perSecond = n / ((performance.now() - t0) / 1000);
    console.info(`geo-data: ${Math.round(perSecond).toLocaleString('en')} lookups/s (country and AS), ${found} of ${n} random addresses with a country`);
    expect(found).toBeGreaterThan(n / 2);
    // ~650k/s on an idle 2-core machine; the bound leaves room for a loaded CI runner.
    expect(perSecond).toBeGreaterThan(100_000);
  });
});
