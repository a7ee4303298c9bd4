import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { ensurePrivateDir } from '../../home/owner-only.js';
import { ipv4ToInt, ipv6Parts, parseIpv4 } from '../../net/index.js';
import { classifyIpv4, classifyIpv6, type AddressClassification } from './address-class.js';
import { readAsCsv } from './as-csv.js';
import { asTableFileName, asTableFileUsable, readAsTableFile, removeOtherAsTableFiles, writeAsTableFile } from './as-table-file.js';
import { AsLookup, AsTableBuilder, type AsInfo, type AsTable } from './as-table.js';
import { installedGeoCandidates, preferenceOrder, scanGeoFolder, type GeoCandidate, type GeoProblem, type GeoSourceInfo } from './geo-sources.js';
import { asOf, countryOf, openMmdb, type MmdbFile } from './mmdb-file.js';
import { ipv6Words } from './range-table.js';
import { enrichSettings } from './settings.js';

/** Why a part of a lookup has no answer. */
export type GeoMissing = 'not-an-address' | 'not-public' | 'no-data' | 'not-in-data';

export interface GeoResult {
  /** ISO 3166-1 alpha-2 code, e.g. "US". */
  country: string | null;
  as: AsInfo | null;
  countryMissing: GeoMissing | null;
  asMissing: GeoMissing | null;
}

/** Which data is in use (null: none for that part), and the files found but not usable. */
export interface GeoDataInfo {
  country: GeoSourceInfo | null;
  as: GeoSourceInfo | null;
  problems: GeoProblem[];
}

export interface GeoOptions {
  /** The data home: newer files are taken from `<data home>/geo`, and the AS table is kept in its `cache` folder. Null: neither. */
  dataHome: string | null;
  /** The data installed with Sightline (the default), or other candidates (tests), or none. */
  packaged?: GeoCandidate[];
}

export interface Geo {
  /** Country and AS of an address (text); never throws, a missing part says why. */
  lookup(ip: string): GeoResult;
  /** The data in use, for the UI and CLI to show with its date and attribution. */
  info(): GeoDataInfo;
}

interface Loaded {
  country: MmdbFile | null;
  asTable: AsLookup | null;
  asMmdb: MmdbFile | null;
  info: GeoDataInfo;
}

/**
 * Offline country and AS lookups. Nothing is read until the first lookup or
 * info(); then the sources are chosen (dropped-in files first, newest
 * first, then the packaged data), a broken one is reported in `problems`
 * and the next one used. A file dropped in later is seen by the next
 * process (or the next createGeo). No network access, ever.
 *
 * The first use costs ~20 ms with the AS table kept in the data home, ~0.6 s
 * when it must be built from the CSV (once per data version): call it from a
 * worker, not the thread serving the UI.
 */
export function createGeo(options: GeoOptions): Geo {
  let loaded: Loaded | null = null;
  const load = () => (loaded ??= loadSources(options));
  const v6 = new Uint32Array(4);

  return {
    info: () => load().info,
    lookup(ip) {
      const text = ip.trim();
      let cls: AddressClassification;
      let v4: number | null = null;
      let v6Text: string | null = null;
      if (!text.includes(':')) {
        v4 = parseIpv4(text);
        if (v4 === -1) return missing('not-an-address');
        cls = classifyIpv4(v4);
      } else {
        const parts = ipv6Parts(text);
        if (parts === null) return missing('not-an-address');
        cls = classifyIpv6(parts);
        if (cls.embedded) v4 = ipv4ToInt(cls.embedded.ipv4);
        else {
          ipv6Words(parts, v6);
          // Canonical and without a zone (fe80::1%eth0), which the .mmdb reader does not take.
          v6Text = new ipaddr.IPv6(parts).toString();
        }
      }
      if (cls.class !== 'public') return missing('not-public');
      const data = load();
      const key = v6Text ?? (cls.embedded ? cls.embedded.ipv4 : text);
      const record = (mmdb: MmdbFile): Record<string, unknown> | null => safeGet(mmdb, key, data.info.problems);
      const countryRecord = data.country ? record(data.country) : null;
      const country = countryRecord ? countryOf(countryRecord) : null;
      let as: AsInfo | null = null;
      if (data.asTable) as = v4 !== null ? data.asTable.ipv4(v4) : data.asTable.ipv6(v6);
      else if (data.asMmdb) {
        const r = record(data.asMmdb);
        as = r ? asOf(r, enrichSettings.geo.maxOrganisationChars) : null;
      }
      return {
        country,
        as,
        countryMissing: country !== null ? null : data.country ? 'not-in-data' : 'no-data',
        asMissing: as !== null ? null : data.asTable || data.asMmdb ? 'not-in-data' : 'no-data',
      };
    },
  };
}

/** A plain phrase for a missing part: "no country data is installed", "not a public address"... */
export function describeGeoMissing(why: GeoMissing, part: 'country' | 'AS'): string {
  switch (why) {
    case 'not-an-address':
      return 'not an IP address';
    case 'not-public':
      return `no ${part}: not a public address`;
    case 'no-data':
      return `no ${part} data`;
    case 'not-in-data':
      return `not in the ${part} data`;
  }
}

/** One phrase for explanations: "US, AS15169 (Google LLC)", "not a public address", "country unknown (no country data), AS64500". */
export function describeGeoResult(r: GeoResult): string {
  if (r.countryMissing !== null && r.countryMissing === r.asMissing) {
    const both: Record<GeoMissing, string> = {
      'not-an-address': 'not an IP address',
      'not-public': 'not a public address',
      'no-data': 'no country or AS data',
      'not-in-data': 'not in the country or AS data',
    };
    return both[r.countryMissing];
  }
  const country = r.country ?? `country unknown (${describeGeoMissing(r.countryMissing ?? 'not-in-data', 'country')})`;
  const as = r.as ? `AS${r.as.number}${r.as.organisation === null ? '' : ` (${r.as.organisation})`}` : `AS unknown (${describeGeoMissing(r.asMissing ?? 'not-in-data', 'AS')})`;
  return `${country}, ${as}`;
}

function missing(why: GeoMissing): GeoResult {
  return { country: null, as: null, countryMissing: why, asMissing: why };
}

/** A lookup in a file that turns out damaged past its metadata: reported once, answered as not found. */
function safeGet(mmdb: MmdbFile, ip: string, problems: GeoProblem[]): Record<string, unknown> | null {
  try {
    return mmdb.get(ip);
  } catch (err) {
    if (!problems.some((p) => p.file === mmdb.file)) problems.push({ file: mmdb.file, message: `lookups in ${path.basename(mmdb.file)} fail: ${(err as Error).message}` });
    return null;
  }
}

function loadSources(options: GeoOptions): Loaded {
  const { homeFolder, cacheFolder, maxMmdbBytes, mmdbRecordCache, maxCsvBytes, maxOrganisationChars } = enrichSettings.geo;
  const geoDir = options.dataHome === null ? null : path.join(options.dataHome, homeFolder);
  const scanned = geoDir ? scanGeoFolder(geoDir) : { candidates: [], problems: [] };
  const candidates = [...scanned.candidates, ...(options.packaged ?? installedGeoCandidates())];
  const problems = scanned.problems;
  const loaded: Loaded = { country: null, asTable: null, asMmdb: null, info: { country: null, as: null, problems } };

  for (const c of preferenceOrder(candidates, 'country')) {
    try {
      const mmdb = c.mmdb ?? openMmdb(c.info.files[0] as string, { maxBytes: maxMmdbBytes, recordCache: mmdbRecordCache });
      loaded.country = mmdb;
      loaded.info.country = { ...c.info, builtAt: c.info.builtAt ?? mmdb.builtAt?.toISOString() ?? null };
      break;
    } catch (err) {
      problems.push({ file: c.info.files[0] as string, message: (err as Error).message });
    }
  }
  for (const c of preferenceOrder(candidates, 'as')) {
    try {
      if (c.info.format === 'mmdb') {
        loaded.asMmdb = c.mmdb ?? openMmdb(c.info.files[0] as string, { maxBytes: maxMmdbBytes, recordCache: mmdbRecordCache });
      } else {
        const cacheDir = geoDir ? path.join(geoDir, cacheFolder) : null;
        loaded.asTable = new AsLookup(asTableFor(c.info, cacheDir, { maxBytes: maxCsvBytes, maxOrganisationChars }, problems));
      }
      loaded.info.as = c.info;
      break;
    } catch (err) {
      problems.push({ file: c.info.files.join(', '), message: (err as Error).message });
    }
  }
  return loaded;
}

/** The AS table for CSV data: the copy kept in the data home when it matches the files, else built and kept. */
function asTableFor(info: GeoSourceInfo, cacheDir: string | null, limits: { maxBytes: number; maxOrganisationChars: number }, problems: GeoProblem[]): AsTable {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ package: info.package, files: info.files.map((f) => [f, ...fileStamp(f)]) }))
    .digest('hex');
  const cached = cacheDir && asTableFileUsable ? path.join(cacheDir, asTableFileName(fingerprint)) : null;
  const kept = cached ? readAsTableFile(cached, fingerprint) : null;
  if (kept) return kept;
  const builder = new AsTableBuilder();
  for (const file of info.files) readAsCsv(file, builder, limits);
  if (builder.rows === 0) throw new Error(`${info.files.map((f) => path.basename(f)).join(' and ')} hold no AS ranges`);
  const table = builder.build();
  if (cacheDir && cached) {
    try {
      ensurePrivateDir(cacheDir);
      writeAsTableFile(cached, fingerprint, table);
      removeOtherAsTableFiles(cacheDir, cached);
    } catch (err) {
      problems.push({ file: cacheDir, message: `the AS table could not be kept for the next run (it is built again then): ${(err as Error).message}` });
    }
  }
  return table;
}

function fileStamp(file: string): [number, number] {
  const st = fs.statSync(file);
  return [st.size, st.mtimeMs];
}
