import type Database from 'better-sqlite3';
import { processHashTypes } from '../../../shared/types.js';

/**
 * The hashes of Sysmon event 1 ("MD5=…,SHA1=…,SHA256=…,IMPHASH=…", or one
 * of them alone, in either case) in a structured form, and the case's
 * distinct (host, image, hash) for matching against hash indicators.
 */

export { processHashTypes };
export type ProcessHashType = (typeof processHashTypes)[number];

export interface ProcessHash {
  type: ProcessHashType;
  /** Lower-case hex, as the IoC store keeps hashes. */
  value: string;
}

export interface ParsedHashes {
  /** In the order the record lists them, one per type (the first wins). */
  hashes: ProcessHash[];
  /** Pieces that are no hash Sightline knows (another algorithm, a wrong length, junk), verbatim. */
  unreadable: string[];
}

/** Hex digits per hash type. */
const HEX_LENGTH: Readonly<Record<ProcessHashType, number>> = { md5: 32, sha1: 40, sha256: 64, imphash: 32 };
const HEX = /^[0-9a-f]+$/;
/** Sysmon separates its pairs with commas; exports that rejoin them use semicolons or spaces too. */
const SEPARATOR = /[,;\s]+/;

/** Reads a Hashes field; null or empty gives nothing. Never throws: the text comes from a file. */
export function parseHashes(text: string | null | undefined): ParsedHashes {
  const out: ParsedHashes = { hashes: [], unreadable: [] };
  if (typeof text !== 'string') return out;
  const seen = new Set<ProcessHashType>();
  for (const piece of text.split(SEPARATOR)) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    // "SHA-256=" as some exports write it reads as SHA256.
    const name = eq === -1 ? '' : piece.slice(0, eq).trim().toLowerCase().replace('-', '');
    const value = eq === -1 ? '' : piece.slice(eq + 1).trim().toLowerCase();
    const type = processHashTypes.find((t) => t === name);
    if (type === undefined || value.length !== HEX_LENGTH[type] || !HEX.test(value)) {
      out.unreadable.push(piece);
      continue;
    }
    if (seen.has(type)) continue;
    seen.add(type);
    out.hashes.push({ type, value });
  }
  return out;
}

export interface ImageHash extends ProcessHash {
  host: string;
  image: string;
}

/**
 * Every distinct (host, image, hash type, hash value) the case's process
 * creations carry: what hash indicators are matched against. SQL makes the
 * (host, image, Hashes) triples distinct first, so a program started ten
 * thousand times is parsed once.
 */
export function listImageHashes(db: Database.Database): ImageHash[] {
  const rows = db
    .prepare('SELECT DISTINCT host, image, hashes FROM processes WHERE hashes IS NOT NULL ORDER BY host, image')
    .all() as { host: string; image: string; hashes: string }[];
  const out: ImageHash[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const h of parseHashes(r.hashes).hashes) {
      const key = `${r.host}\0${r.image}\0${h.type}\0${h.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ host: r.host, image: r.image, type: h.type, value: h.value });
    }
  }
  return out;
}
