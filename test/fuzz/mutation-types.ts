/*
 * Seeded, pure mutations of import files: each takes the bytes of a real
 * export and a PRNG and returns new bytes (never touching its input), the
 * same for the same PRNG state. They are the ways files arrive damaged or
 * hostile: cut downloads, rotted bits, editors that re-encode or change line
 * ends, concatenated logs, values past every bound.
 */

export type Rand = () => number;

/** What a mutation may know about a file, given by the seed list (not sniffed). */
export interface SeedShape {
  /** Not text (EVTX): only the byte-level mutations apply. */
  binary?: boolean;
  /** The file is gzip already (an offline bundle): text mutations change its content and compress it again. */
  gzipped?: boolean;
  /** The field separator of delimited text (CSV, TSV, a firewall log). */
  delimiter?: string;
  /** The first line names the columns. */
  csvHeader?: boolean;
  /** Leading `#` lines (Zeek, Windows Firewall), with a `#fields` / `#Fields:` line. */
  commentHeader?: boolean;
  /** JSON or JavaScript-wrapped JSON (one record per line or one document). */
  json?: boolean;
  /**
   * Records numbered by element rather than by line (Sysmon XML: a wevtutil
   * export is one line), this pattern finding each: quarantined records may
   * name numbers up to their count.
   */
  records?: RegExp;
}

export interface Mutation {
  bytes: Buffer;
  /** What was done, for the report and the repro line. */
  detail: string;
}

export type Mutator = (input: Buffer, rand: Rand, shape: SeedShape) => Mutation | null;
