import type Database from 'better-sqlite3';
import type { WhereSeen } from '../../shared/entity-details-types.js';
import type { IndicatorType } from '../intel/indicator-types.js';
import type { CaseStore } from '../cases/index.js';
import { InvalidInputError } from '../errors/index.js';
import { IndicatorIndex, parseProcessHashes, urlHost, type Candidate } from '../intel/match/index.js';
import { normaliseIndicator } from '../intel/normalise-indicator.js';
import { COUNTED_IN_GRAPH } from '../telemetry/edge-refresh.js';
import { destinationId, processId } from './node-id.js';

type CaseNodes = WhereSeen['cases'][number]['nodes'];

/**
 * The pivot from an indicator to the cases that contain it: in each case of
 * the data home, the destinations it names (the address; every address in
 * the network; the addresses a matching name resolved to or was connected
 * by; a URL's host) and the processes with the hash, matched by the same
 * rules as case matching (intel/match's IndicatorIndex), each with its
 * connections. Addresses are found by index; networks, names and hashes
 * scan a case's destinations, names or process creations, so the operation
 * runs in the job worker (heavy).
 */
export function whereSeen(cases: CaseStore, q: { type: IndicatorType; value: string; limit: number }): WhereSeen {
  const value = normaliseIndicator(q.type, q.value);
  if (value === null) throw new InvalidInputError(`"${q.value.slice(0, 80)}" is not a valid ${q.type}`, { field: 'value' });
  const index = IndicatorIndex.single(q.type, value);
  const out: WhereSeen = { cases: [], casesSearched: 0, skipped: [] };
  for (const c of cases.list()) {
    let db: Database.Database;
    try {
      db = cases.open(c.id);
    } catch (err) {
      out.skipped.push({ caseId: c.id, reason: (err as Error).message });
      continue;
    }
    out.casesSearched++;
    const nodes = q.type === 'md5' || q.type === 'sha1' || q.type === 'sha256' ? processesWith(db, index, value) : destinationsOf(db, index, q.type, value);
    if (nodes.length > 0) out.cases.push({ caseId: c.id, caseName: c.name, nodes: nodes.slice(0, q.limit), more: nodes.length > q.limit });
  }
  return out;
}

/** Destinations (address → what matched) the indicator meets in one case. */
function destinationsOf(db: Database.Database, index: IndicatorIndex, type: IndicatorType, value: string): CaseNodes {
  const found = new Map<string, string>();
  const candidates: Candidate[] = [];
  const host = type === 'url' ? urlHost(value) : null;
  const address = type === 'ipv4' || type === 'ipv6' ? value : host !== null && /^[\d.]+$|:/.test(host) ? host : null;
  if (address !== null) found.set(address, address);
  else if (type === 'cidr') {
    for (const ip of db.prepare('SELECT DISTINCT dst_ip FROM edge_stats').pluck().iterate() as IterableIterator<string>) {
      candidates.length = 0;
      index.matchAddress(ip, candidates);
      if (candidates.length > 0) found.set(ip, ip);
    }
  } else {
    // Names: DNS answers of the case and the host names endpoint logs gave connections.
    const named = db.prepare(`SELECT ip, query FROM dns_answers GROUP BY ip, query UNION SELECT DISTINCT dst_ip, dst_host FROM events NOT INDEXED WHERE dst_host IS NOT NULL AND dst_host <> '' AND ${COUNTED_IN_GRAPH}`).raw();
    for (const [ip, name] of named.iterate() as IterableIterator<[string, string]>) {
      if (found.has(ip)) continue;
      candidates.length = 0;
      index.matchName(name, candidates);
      if (candidates.length > 0) found.set(ip, candidates[0]?.via ?? name);
    }
  }
  const stats = db.prepare(`SELECT COUNT(*) AS events, COUNT(DISTINCT host) AS hosts, MIN(ts) AS first, MAX(ts) AS last FROM events WHERE dst_ip = ? AND ${COUNTED_IN_GRAPH}`);
  const nodes: CaseNodes = [];
  for (const [ip, via] of found) {
    const s = stats.get(ip) as { events: number; hosts: number; first: number | null; last: number | null };
    // A name resolved to an address the case never connected to: no connection to show.
    if (s.events === 0) continue;
    nodes.push({ nodeId: destinationId(ip), kind: 'destination', label: ip, via, events: s.events, hosts: s.hosts, firstSeen: iso(s.first), lastSeen: iso(s.last) });
  }
  return nodes.sort((a, b) => b.events - a.events);
}

/** Processes (host, image) with a run whose hash is the indicator, and their connections. */
function processesWith(db: Database.Database, index: IndicatorIndex, value: string): CaseNodes {
  const rows = db.prepare("SELECT DISTINCT host, image, hashes FROM processes WHERE hashes LIKE ? ESCAPE '\\'").raw().iterate(`%${value}%`) as IterableIterator<[string, string, string]>;
  const units = new Map<string, { host: string; image: string }>();
  const candidates: Candidate[] = [];
  for (const [host, image, hashes] of rows) {
    candidates.length = 0;
    for (const h of parseProcessHashes(hashes)) index.matchHash(h.type, h.value, candidates);
    if (candidates.length > 0) units.set(`${host}\n${image}`, { host, image });
  }
  const stats = db.prepare('SELECT TOTAL(events) AS events, MIN(first_ts) AS first, MAX(last_ts) AS last FROM edge_stats WHERE host = ? AND image = ?');
  const nodes: CaseNodes = [];
  for (const { host, image } of units.values()) {
    const s = stats.get(host, image) as { events: number; first: number | null; last: number | null };
    nodes.push({ nodeId: processId(host, image), kind: 'process', label: image, via: value, events: s.events, hosts: 1, firstSeen: iso(s.first), lastSeen: iso(s.last) });
  }
  return nodes.sort((a, b) => b.events - a.events);
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
