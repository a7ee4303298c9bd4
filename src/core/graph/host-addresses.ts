import type Database from 'better-sqlite3';
import { normalizeIp } from '../net/index.js';
import { addressesClaimedBy, claimedAddresses, ownerOf } from '../telemetry/host-addresses.js';

/**
 * Address → host for the graph's "one machine is one node": the addresses
 * the endpoint logs show a host connecting from (claimedAddresses), and the
 * hosts a sensor knows only by address (a Zeek host named `192.168.1.41` is
 * that address). A connection to one of them ends on the host's node.
 */
export function hostAddresses(db: Database.Database, hostNames: Iterable<string>): Map<string, string> {
  const out = claimedAddresses(db);
  for (const host of hostNames) {
    if (!out.has(host) && normalizeIp(host) === host) out.set(host, host);
  }
  return out;
}

/** One host's own addresses, as hostAddresses decides them, read through indexes (a host's details; not a scan of the case). */
export function addressesOfHost(db: Database.Database, host: string): string[] {
  const own = addressesClaimedBy(db, host);
  if (normalizeIp(host) === host && !own.includes(host) && ownerOf(db, host) === null) own.push(host);
  return own;
}
