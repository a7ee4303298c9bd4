import type Database from 'better-sqlite3';
import { parseHashes } from '../../analysis/queries/hashes.js';
import { COUNTED_IN_GRAPH } from '../../telemetry/edge-refresh.js';
import { hashTypes, type HashType } from './indicator-index.js';
import type { AddressObservable, CaseObservables, HashObservable } from './types.js';

/**
 * What of a case the IoC store is matched against, read from its database:
 * every destination address with the first and last time it was connected to
 * (the connections the graph counts: COUNTED_IN_GRAPH, as summed in
 * edge_stats), its names (DNS answers
 * of the case, Sysmon DestinationHostname), and the hashes of its processes
 * with the first and last time a process with them started. The only code
 * of the matching that reads a case.
 */
export function readCaseObservables(caseDb: Database.Database): CaseObservables {
  const addresses = new Map<string, AddressObservable & { names: string[] }>();
  // First and last connection per destination from edge_stats: the per-edge totals of exactly the counted
  // events, kept at import (a GROUP BY over a million events sorted them all: 16 s under load).
  const edges = caseDb.prepare('SELECT dst_ip, MIN(first_ts), MAX(last_ts) FROM edge_stats GROUP BY dst_ip').raw().iterate() as IterableIterator<[string, number, number]>;
  for (const [ip, firstTs, lastTs] of edges) addresses.set(ip, { ip, firstTs, lastTs, names: [] });
  // NOT INDEXED: walking events_dst (or dns_answers_ip) in order would fetch every row by its rowid.
  const hosts = caseDb
    .prepare(`SELECT DISTINCT dst_ip, dst_host FROM events NOT INDEXED WHERE dst_host IS NOT NULL AND dst_host <> '' AND ${COUNTED_IN_GRAPH}`)
    .raw()
    .iterate() as IterableIterator<[string, string]>;
  for (const [ip, name] of hosts) addresses.get(ip)?.names.push(name);
  const answers = caseDb.prepare('SELECT ip, query FROM dns_answers NOT INDEXED GROUP BY ip, query').raw().iterate() as IterableIterator<[string, string]>;
  for (const [ip, name] of answers) {
    const a = addresses.get(ip);
    // A name the case resolved but never connected to: nothing to say about a connection.
    if (a && !a.names.includes(name)) a.names.push(name);
  }

  const hashes = new Map<string, HashObservable & { firstTs: number; lastTs: number }>();
  const processes = caseDb.prepare('SELECT hashes, MIN(ts), MAX(ts) FROM processes WHERE hashes IS NOT NULL GROUP BY hashes').raw().iterate() as IterableIterator<[string, number, number]>;
  for (const [text, firstTs, lastTs] of processes) {
    for (const h of parseProcessHashes(text)) {
      const key = `${h.type}:${h.value}`;
      const known = hashes.get(key);
      if (!known) hashes.set(key, { ...h, firstTs, lastTs });
      else {
        known.firstTs = Math.min(known.firstTs, firstTs);
        known.lastTs = Math.max(known.lastTs, lastTs);
      }
    }
  }
  return { addresses: [...addresses.values()], hashes: [...hashes.values()] };
}

/**
 * The hashes of Sysmon's `Hashes` field (`SHA1=…,MD5=…,SHA256=…,IMPHASH=…`,
 * as every reader stores it) that the IoC store keeps: MD5, SHA-1, SHA-256,
 * read by the one parser of that field (analysis/queries/hashes.ts). IMPHASH
 * is left out: the store has no import-hash indicators, and an import hash
 * looks like an MD5 without being one.
 */
export function parseProcessHashes(text: string): { type: HashType; value: string }[] {
  return parseHashes(text).hashes.filter((h): h is { type: HashType; value: string } => (hashTypes as readonly string[]).includes(h.type));
}
