import type Database from 'better-sqlite3';
import { ipRange } from '../net/index.js';

/** Outbound connections a host must have opened from an address before the address is taken as the host's. */
const MIN_OUTBOUND = 3;

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
  const claims = db
    .prepare(`SELECT src_ip AS ip, host, COUNT(*) AS n FROM events WHERE image IS NOT NULL AND initiated = 1 GROUP BY src_ip, host`)
    .all() as { ip: string; host: string; n: number }[];
  const owners = new Map<string, { host: string; n: number } | null>();
  for (const c of claims) owners.set(c.ip, owners.has(c.ip) ? null : c);
  const out = new Map<string, string>();
  for (const [ip, only] of owners) {
    if (!only || only.n < MIN_OUTBOUND) continue;
    const range = ipRange(ip);
    if (range === 'loopback' || range === 'unspecified' || range === 'multicast' || range === 'broadcast') continue;
    out.set(ip, only.host);
  }
  return out;
}
