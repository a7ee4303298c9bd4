import type Database from 'better-sqlite3';
import { ipRange } from '../net/index.js';

/** Outbound connections a host must have opened from an address before the address is taken as the host's. */
const MIN_OUTBOUND = 3;

/** The rows that count as a host claiming an address: connections its endpoint log says it opened (index events_src_claims). */
const CLAIMS = 'image IS NOT NULL AND initiated = 1';

/**
 * A host's own addresses: the source addresses of connections its endpoint
 * log says it opened (Initiated = true: for those the source is certainly
 * local; inbound and UDP events are not trusted for this), at least
 * MIN_OUTBOUND of them. An address claimed by more than one host (NAT, DHCP
 * reuse within the case) belongs to none, nor do addresses every machine has
 * (loopback, unspecified) or none has (multicast, broadcast).
 * Returns address → host.
 */
export function claimedAddresses(db: Database.Database): Map<string, string> {
  const claims = db.prepare(`SELECT src_ip AS ip, host, COUNT(*) AS n FROM events WHERE ${CLAIMS} GROUP BY src_ip, host`).all() as Claim[];
  const byIp = new Map<string, Claim[]>();
  for (const c of claims) byIp.set(c.ip, [...(byIp.get(c.ip) ?? []), c]);
  const out = new Map<string, string>();
  for (const [ip, of] of byIp) {
    const owner = ownerByClaims(ip, of);
    if (owner !== null) out.set(ip, owner);
  }
  return out;
}

/**
 * The addresses claimedAddresses gives one host, read through the index of
 * claims: the host's own claims, then each of those addresses' claims by
 * any host. A host's details ask this; scanning every claim of a case with
 * a million connections took a second.
 */
export function addressesClaimedBy(db: Database.Database, host: string): string[] {
  const mine = db.prepare(`SELECT src_ip FROM events WHERE host = ? AND ${CLAIMS} GROUP BY src_ip ORDER BY src_ip`).pluck().all(host) as string[];
  return mine.filter((ip) => ownerOf(db, ip) === host);
}

/** The host claimedAddresses gives an address, or null, read through the index of claims. */
export function ownerOf(db: Database.Database, ip: string): string | null {
  // Two claimants are as many as the rule needs to see.
  const claims = db.prepare(`SELECT src_ip AS ip, host, COUNT(*) AS n FROM events WHERE src_ip = ? AND ${CLAIMS} GROUP BY host LIMIT 2`).all(ip) as Claim[];
  return ownerByClaims(ip, claims);
}

interface Claim {
  ip: string;
  host: string;
  n: number;
}

/** The rule, for one address and all its claims (host, outbound connections from it). */
function ownerByClaims(ip: string, claims: readonly Claim[]): string | null {
  const only = claims.length === 1 ? (claims[0] as Claim) : null;
  if (!only || only.n < MIN_OUTBOUND) return null;
  const range = ipRange(ip);
  return range === 'loopback' || range === 'unspecified' || range === 'multicast' || range === 'broadcast' ? null : only.host;
}
