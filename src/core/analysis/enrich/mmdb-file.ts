import fs from 'node:fs';
import path from 'node:path';
import { Reader } from 'mmdb-lib';
import { FileUnreadableError, MalformedRecordError } from '../../errors/index.js';
import type { AsInfo } from './as-table.js';

/** What an .mmdb file answers, told from its metadata's database type. */
export interface MmdbRoles {
  country: boolean;
  as: boolean;
}

/** An opened MaxMind DB file (ip-location-db's, MaxMind's GeoLite2, DB-IP's lite files...). */
export interface MmdbFile {
  file: string;
  databaseType: string;
  description: string | null;
  /** When the file says it was built; null when its metadata has no sensible date. */
  builtAt: Date | null;
  ipVersion: 4 | 6;
  roles: MmdbRoles;
  /** The record for an address (canonical text), or null; throws only on a damaged file. */
  get(ip: string): Record<string, unknown> | null;
}

type Metadata = Reader<Record<string, never>>['metadata'];

/**
 * Opens an .mmdb file whole (they are read into memory, as mmdb-lib
 * requires). A file that is too large, has no MaxMind DB metadata, or whose
 * metadata does not fit the file is refused with a MalformedRecordError
 * naming it, before any lookup could read past its end.
 */
export function openMmdb(file: string, limits: { maxBytes: number; recordCache: number }): MmdbFile {
  const name = path.basename(file);
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > limits.maxBytes) throw new MalformedRecordError(`${name} is larger than ${limits.maxBytes >> 20} MB: not country or AS data`, { file });
    bytes = fs.readFileSync(file);
  } catch (err) {
    if (err instanceof MalformedRecordError) throw err;
    throw new FileUnreadableError(`Cannot read ${file}`, { file }, { cause: err });
  }
  const cache = boundedCache(limits.recordCache);
  let reader: Reader<Record<string, unknown>>;
  try {
    reader = new Reader<Record<string, unknown>>(bytes, { cache });
  } catch (err) {
    throw new MalformedRecordError(`${name} is not a MaxMind DB (.mmdb) file: ${(err as Error).message}`, { file }, { cause: err });
  }
  const m = reader.metadata;
  const problem = metadataProblem(m, bytes.length);
  if (problem) throw new MalformedRecordError(`${name} has damaged MaxMind DB metadata: ${problem}`, { file, field: 'metadata' });
  const databaseType = String(m.databaseType);
  const built = m.buildEpoch instanceof Date && !Number.isNaN(m.buildEpoch.getTime()) && m.buildEpoch.getTime() > 0 ? m.buildEpoch : null;
  return {
    file,
    databaseType,
    description: describe(m),
    builtAt: built,
    ipVersion: m.ipVersion as 4 | 6,
    roles: rolesOf(databaseType),
    get: (ip) => {
      // An IPv4-only tree has no place for IPv6: mmdb-lib would walk it anyway.
      if (m.ipVersion === 4 && ip.includes(':')) return null;
      const record = reader.get(ip);
      return record !== null && typeof record === 'object' ? record : null;
    },
  };
}

/**
 * Country or AS by the database type, which every producer sets:
 * ip-location-db "country ipvAll", "asn ipvAll"; MaxMind "GeoLite2-Country",
 * "GeoLite2-City", "GeoLite2-ASN", "GeoIP2-ISP"; DB-IP "DBIP-Country-Lite",
 * "DBIP-ASN-Lite (compat=GeoLite2-ASN)".
 */
export function rolesOf(databaseType: string): MmdbRoles {
  const country = /country|city/i.test(databaseType);
  return { country, as: !country && /asn|isp/i.test(databaseType) };
}

/** The ISO 3166 code in a record, in ip-location-db's shape (`country_code`) or MaxMind's (`country.iso_code`). */
export function countryOf(record: Record<string, unknown>): string | null {
  const nested = (key: string) => {
    const v = record[key];
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>).iso_code : undefined;
  };
  const code = record.country_code ?? nested('country') ?? nested('registered_country');
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : null;
}

/** The AS in a record (ip-location-db and MaxMind both name the fields so), organisation cut to `maxChars`. */
export function asOf(record: Record<string, unknown>, maxChars: number): AsInfo | null {
  const number = record.autonomous_system_number;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 4294967295) return null;
  const org = record.autonomous_system_organization;
  return { number, organisation: typeof org === 'string' && org !== '' ? org.slice(0, maxChars) : null };
}

function metadataProblem(m: Metadata, size: number): string | null {
  if (m.ipVersion !== 4 && m.ipVersion !== 6) return `ip_version ${String(m.ipVersion)}`;
  if (!Number.isInteger(m.nodeCount) || m.nodeCount <= 0) return `node_count ${String(m.nodeCount)}`;
  if (m.searchTreeSize + 16 > size) return `a search tree of ${m.searchTreeSize} bytes in a file of ${size}`;
  if (typeof m.databaseType !== 'string') return 'no database_type';
  return null;
}

function describe(m: Metadata): string | null {
  const d = m.description as unknown;
  if (d !== null && typeof d === 'object') {
    const en = (d as Record<string, unknown>).en;
    if (typeof en === 'string' && en !== '') return en.slice(0, 200);
  }
  return null;
}

/** mmdb-lib's decoded-record cache, emptied when full: the files hold few distinct records, so it rarely is. */
function boundedCache(limit: number): { get(key: string | number): unknown; set(key: string | number, value: unknown): void } {
  const map = new Map<string | number, unknown>();
  return {
    get: (key) => map.get(key),
    set: (key, value) => {
      if (map.size >= limit) map.clear();
      map.set(key, value);
    },
  };
}
