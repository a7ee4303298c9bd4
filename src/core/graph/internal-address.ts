import type Database from 'better-sqlite3';
import { classifyAddress, isInternalClass } from '../analysis/enrich/index.js';

/**
 * "Internal destination" for the graph's filter: private, CGNAT, loopback,
 * link-local or unspecified (isInternalClass). Documentation addresses
 * (203.0.113.45) are not: the demo case is made of them, and hiding them
 * emptied its graph.
 */
export function isInternalAddress(ip: string): boolean {
  const c = classifyAddress(ip);
  return c !== null && isInternalClass(c.class);
}

const registered = new WeakSet<Database.Database>();

/** `graph_internal(ip)` on a connection, for filters written in SQL. */
export function registerInternalFunction(db: Database.Database): void {
  if (registered.has(db)) return;
  db.function('graph_internal', { deterministic: true }, (ip: unknown) => (typeof ip === 'string' && isInternalAddress(ip) ? 1 : 0));
  registered.add(db);
}
