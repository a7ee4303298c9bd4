import type Database from 'better-sqlite3';
import type { IntelLookup } from '../../../shared/types.js';
import { expiresAt } from '../decay.js';
import { lookupValue, type ScoreAt } from '../store/queries.js';
import { createFactsReader, scoreAsOf } from './indicator-facts.js';

/**
 * A lookup as of a past moment (`intel lookup --at`): the score from what
 * was known then (the sightings posted by then, as case matching scores a
 * connection), with the sources, sightings and last sighting of then. An
 * indicator first reported later is found with score 0 and `reportedAfter`
 * saying when: an analyst reading old logs with new intel still wants it.
 */
export function lookupAsOf(db: Database.Database, query: string, at: ScoreAt): IntelLookup {
  const now = lookupValue(db, query, at);
  const asOf = new Date(at.now).toISOString();
  if (!now.type || !now.value) return { ...now, at: asOf };
  const reader = createFactsReader(db);
  const networks = now.networks.map((n) => {
    const f = reader.facts('cidr', n.cidr);
    const then = f ? scoreAsOf(f, at.now, at) : null;
    return { ...n, score: then?.score ?? 0, expired: then?.expired ?? false, sources: then ? distinct(then.known.map((s) => s.source)) : [] };
  });
  const f = now.found ? reader.facts(now.type, now.value) : null;
  if (!f) return { ...now, networks, at: asOf };
  const then = scoreAsOf(f, at.now, at);
  if (!then) {
    const first = f.sightings[0];
    return { ...now, score: 0, expired: false, expiresAt: null, sources: [], sightings: 0, lastSeen: null, networks, at: asOf, reportedAfter: first ? new Date(first.seenMs).toISOString() : f.firstSeen };
  }
  const last = new Date((then.known[then.known.length - 1] as { seenMs: number }).seenMs).toISOString();
  return {
    ...now,
    score: now.allowlisted ? 0 : then.score,
    expired: then.expired,
    expiresAt: expiresAt(f.type, last, at.model),
    sources: distinct(then.known.map((s) => s.source)),
    sightings: then.known.length,
    lastSeen: last,
    networks,
    at: asOf,
  };
}

function distinct(names: string[]): string[] {
  return [...new Set(names)].sort();
}
