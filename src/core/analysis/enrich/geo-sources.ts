import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { enrichSettings } from './settings.js';
import { openMmdb, type MmdbFile } from './mmdb-file.js';

export type GeoRole = 'country' | 'as';

/** Which data answers one part of a lookup: what the UI and CLI show, with its attribution. */
export interface GeoSourceInfo {
  role: GeoRole;
  /** A file dropped into `<data home>/geo`, or the data installed with Sightline. */
  origin: 'data-home' | 'packaged';
  format: 'mmdb' | 'csv';
  files: string[];
  /**
   * When the data was built (ISO 8601): an .mmdb's own build date, the
   * packaged CSV's version (ip-location-db versions end in YYYYMMDDHH), or a
   * dropped-in CSV's modification time.
   */
  builtAt: string | null;
  /** `name version` of the npm package it came from; null for a dropped-in file. */
  package: string | null;
  /** SPDX identifier; null when Sightline cannot know (a dropped-in file). */
  licence: string | null;
  /** The credit to show beside values from this data. */
  attribution: string;
}

/** A data file that was found but cannot be used, and why; the next source is used instead. */
export interface GeoProblem {
  file: string;
  message: string;
}

/** A source to try: its description, and for an .mmdb the file already opened (its type decides the role). */
export interface GeoCandidate {
  info: GeoSourceInfo;
  mmdb?: MmdbFile;
}

/** The data installed as npm dependencies (package.json pins them). */
export const packagedGeoData = {
  country: {
    package: '@ip-location-db/geo-whois-asn-country-mmdb',
    file: 'geo-whois-asn-country.mmdb',
    licence: 'CC0-1.0',
    attribution: 'Country: ip-location-db geo-whois-asn-country (CC0 1.0), from RIR WHOIS, geofeeds and AS data',
  },
  as: {
    package: '@ip-location-db/asn',
    files: ['asn-ipv4.csv', 'asn-ipv6.csv'],
    licence: 'CC-BY-4.0',
    attribution: 'AS: ip-location-db asn (CC BY 4.0), from RouteViews (routeviews.org), the RIRs via NRO (nro.net) and DB-IP IP to ASN Lite (db-ip.com)',
  },
} as const;

/** File names of AS CSVs that may be dropped into `<data home>/geo`, in ip-location-db's format. */
export const dropInAsCsvNames = ['asn-ipv4.csv', 'asn-ipv6.csv'] as const;

/**
 * The installed packages' data, where they are installed: an absent package
 * is simply no candidate (the lookup then says "no country data").
 */
export function installedGeoCandidates(): GeoCandidate[] {
  const require = createRequire(import.meta.url);
  const found: GeoCandidate[] = [];
  const locate = (pkg: string): { dir: string; version: string } | null => {
    try {
      const manifest = require.resolve(`${pkg}/package.json`);
      const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: unknown };
      return { dir: path.dirname(manifest), version: typeof version === 'string' ? version : '' };
    } catch {
      return null;
    }
  };
  const { country, as } = packagedGeoData;
  const c = locate(country.package);
  if (c) {
    // Its build date is the file's own, read when it is opened.
    found.push({
      info: { role: 'country', origin: 'packaged', format: 'mmdb', files: [path.join(c.dir, country.file)], builtAt: null, package: `${country.package} ${c.version}`, licence: country.licence, attribution: country.attribution },
    });
  }
  const a = locate(as.package);
  if (a) {
    found.push({
      info: { role: 'as', origin: 'packaged', format: 'csv', files: as.files.map((f) => path.join(a.dir, f)), builtAt: versionDate(a.version), package: `${as.package} ${a.version}`, licence: as.licence, attribution: as.attribution },
    });
  }
  return found;
}

/**
 * What is in `<data home>/geo`: every .mmdb (opened, to learn from its type
 * whether it holds countries or AS, and its build date) and the AS CSVs.
 * Files that cannot be used become problems, never errors: the packaged
 * data still answers.
 */
export function scanGeoFolder(dir: string): { candidates: GeoCandidate[]; problems: GeoProblem[] } {
  const { maxMmdbBytes, mmdbRecordCache } = enrichSettings.geo;
  const candidates: GeoCandidate[] = [];
  const problems: GeoProblem[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return { candidates, problems };
  }
  for (const name of names.filter((n) => n.toLowerCase().endsWith('.mmdb'))) {
    const file = path.join(dir, name);
    try {
      const mmdb = openMmdb(file, { maxBytes: maxMmdbBytes, recordCache: mmdbRecordCache });
      const role: GeoRole | null = mmdb.roles.country ? 'country' : mmdb.roles.as ? 'as' : null;
      if (role === null) {
        problems.push({ file, message: `${name} holds neither countries nor autonomous systems (database type "${mmdb.databaseType.slice(0, 80)}")` });
        continue;
      }
      const attribution = `${name} (${mmdb.description ?? mmdb.databaseType.slice(0, 80)}), dropped into the data home`;
      candidates.push({ mmdb, info: { role, origin: 'data-home', format: 'mmdb', files: [file], builtAt: mmdb.builtAt?.toISOString() ?? null, package: null, licence: null, attribution } });
    } catch (err) {
      problems.push({ file, message: (err as Error).message });
    }
  }
  const csvs = dropInAsCsvNames.filter((n) => names.includes(n)).map((n) => path.join(dir, n));
  if (csvs.length > 0) {
    const newest = Math.max(...csvs.map((f) => statTime(f)));
    candidates.push({
      info: { role: 'as', origin: 'data-home', format: 'csv', files: csvs, builtAt: newest > 0 ? new Date(newest).toISOString() : null, package: null, licence: null, attribution: `${csvs.map((f) => path.basename(f)).join(' and ')} (ip-location-db ASN CSV), dropped into the data home` },
    });
  }
  return { candidates, problems };
}

/**
 * The order sources are tried in: dropped-in files before packaged data,
 * and among dropped-in files of one role the newest build first.
 */
export function preferenceOrder(candidates: readonly GeoCandidate[], role: GeoRole): GeoCandidate[] {
  const rank = (c: GeoCandidate) => (c.info.origin === 'data-home' ? 0 : 1);
  const time = (c: GeoCandidate) => (c.info.builtAt === null ? 0 : Date.parse(c.info.builtAt));
  return candidates.filter((c) => c.info.role === role).sort((a, b) => rank(a) - rank(b) || time(b) - time(a));
}

/** ip-location-db versions end in the build hour, `2.3.2026061719` → 2026-06-17T19:00Z; null for any other version. */
export function versionDate(version: string): string | null {
  const m = /\.(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4])));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3]) ? null : date.toISOString();
}

function statTime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
