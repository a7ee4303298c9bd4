import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { Timeline, timelineQuerySchema } from '../../shared/graph-view-types.js';
import { InvalidInputError } from '../errors/index.js';
import { COUNTED_IN_GRAPH } from '../telemetry/edge-refresh.js';
import { eventFilter, isoOrNull } from './event-filter.js';
import { parseGroupId } from './group-keys.js';
import { addressesOfHost } from './host-addresses.js';
import { registerInternalFunction } from './internal-address.js';
import { parseNodeId } from './node-id.js';

export type TimelineOptions = z.output<typeof timelineQuerySchema>;

/** Bin widths a time axis reads well in, in seconds: the smallest that fits the span in the bins asked for is used. */
const NICE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 2_592_000, 31_536_000];

/** SQL that picks some rows: a condition and its parameters. */
export interface SqlScope {
  where: string;
  params: (string | number)[];
}

/**
 * Whose connections a timeline counts: `events` picks them; `findings` picks
 * the findings among whose units' connections the `findings` series counts
 * (the same columns host, image, dst_ip, with image '' for "no process").
 */
export interface TimelineScope {
  events: SqlScope;
  findings: SqlScope;
}

/**
 * Connections per time bin (count, bytes both ways, and those of units with
 * a finding) over the case, one node's or edge's connections (`q.nodeId`) or
 * those of a scope given as SQL (a report's finding: report/interop.ts
 * `unitScope`), under the graph's filters. Bins are whole seconds from a nice
 * list, aligned to a multiple of their width, so two timelines of the same
 * width line up.
 */
export function buildTimeline(db: Database.Database, q: TimelineOptions, given?: TimelineScope): Timeline {
  const filter = eventFilter(q);
  const clauses = [filter.where === '' ? '' : filter.where.slice('WHERE '.length), COUNTED_IN_GRAPH];
  const params: (string | number)[] = [...filter.params];
  if (!q.includeInternal) clauses.push('NOT graph_internal(dst_ip)');
  // A node's scope names host, image and dst_ip, which the findings table has too: it narrows the findings read below.
  const node = given || !q.nodeId ? null : nodeScope(db, q.nodeId);
  const scope: TimelineScope | null = given ?? (node && { events: node, findings: node });
  if (scope) {
    clauses.push(`(${scope.events.where})`);
    params.push(...scope.events.params);
  }
  registerInternalFunction(db);
  const where = clauses.filter((c) => c !== '').join(' AND ');
  const range = db.prepare(`SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM events WHERE ${where}`).get(...params) as { lo: number | null; hi: number | null };
  const lo = q.from ? Date.parse(q.from) : range.lo;
  const hi = q.to ? Date.parse(q.to) : range.hi;
  if (lo === null || hi === null || range.lo === null) return { start: isoOrNull(lo), end: isoOrNull(hi), binSeconds: 0, counts: [], bytes: [], findings: [] };

  const span = Math.max(hi - lo, 0);
  const step = (NICE_SECONDS.find((s) => Math.floor(span / (s * 1000)) + 1 <= q.bins) ?? Math.ceil(span / 1000 / Math.max(q.bins - 1, 1))) * 1000;
  const start = Math.floor(lo / step) * step;
  const n = Math.floor((hi - start) / step) + 1;
  const counts = new Array<number>(n).fill(0);
  const bytes = new Array<number>(n).fill(0);
  const findings = new Array<number>(n).fill(0);
  const rows = db
    .prepare(`SELECT CAST((ts - ?) / ? AS INTEGER) AS bin, COUNT(*) AS n, TOTAL(bytes_out) + TOTAL(bytes_in) AS b FROM events WHERE ${where} AND ts >= ? AND ts <= ? GROUP BY bin`)
    .all(start, step, ...params, lo, hi) as { bin: number; n: number; b: number }[];
  // Connections of units with a finding: from the findings to their events through the (host, image, destination, time)
  // index, rather than a lookup per connection of the case. Flows (image '') are the events without an image.
  // Scoped to a node, only its findings are read (a report asks for 200 findings' timelines: 10 ms each before, reading every finding's events).
  const unitEvents = (image: string) =>
    `SELECT CAST((ts - ?) / ? AS INTEGER) AS bin FROM (SELECT DISTINCT host AS fh, image AS fi, dst_ip AS fd FROM findings WHERE score > 0${scope ? ` AND (${scope.findings.where})` : ''}) f
     JOIN events ON host = f.fh AND ${image} AND dst_ip = f.fd
     WHERE ${where} AND ts >= ? AND ts <= ?`;
  const unitParams = [start, step, ...(scope?.findings.params ?? []), ...params, lo, hi];
  const withFindings = db
    .prepare(`SELECT bin, COUNT(*) AS f FROM (${unitEvents("f.fi <> '' AND image = f.fi")} UNION ALL ${unitEvents("f.fi = '' AND image IS NULL")}) GROUP BY bin`)
    .all(...unitParams, ...unitParams) as { bin: number; f: number }[];
  for (const r of withFindings) if (r.bin >= 0 && r.bin < n) findings[r.bin] = r.f;
  for (const r of rows) {
    if (r.bin < 0 || r.bin >= n) continue;
    counts[r.bin] = r.n;
    bytes[r.bin] = r.b;
  }
  return { start: new Date(start).toISOString(), end: new Date(start + n * step).toISOString(), binSeconds: step / 1000, counts, bytes, findings };
}

/** The connections of one node (a host's own and those to its addresses), or of an edge `<source id>-><target id>`. */
function nodeScope(db: Database.Database, id: string): SqlScope {
  const one = (nodeId: string): { where: string; params: string[] } | null => {
    const ref = parseNodeId(nodeId);
    if (ref?.kind === 'process') return { where: '(host = ? AND image = ?)', params: [ref.host, ref.image] };
    if (ref?.kind === 'destination') return { where: 'dst_ip = ?', params: [ref.ip] };
    if (ref?.kind === 'host') {
      const addresses = addressesOfHost(db, ref.host);
      return { where: `(host = ? OR dst_ip IN (${addresses.map(() => '?').join(', ')}))`, params: [ref.host, ...addresses] };
    }
    return null;
  };
  // An edge first: a process id would otherwise swallow `->ip:…` into its image path ('>' is in no Windows path).
  for (let at = id.indexOf('->'); at !== -1; at = id.indexOf('->', at + 1)) {
    // A host's connections to a destination: its own addresses do not matter (a connection to one ends on the host's node,
    // never on a destination), and finding them reads every claimed address (~6 ms, per finding of a report).
    const from = parseNodeId(id.slice(0, at));
    const to = parseNodeId(id.slice(at + 2));
    if (from?.kind === 'host' && to?.kind === 'destination') return { where: '(host = ? AND dst_ip = ?)', params: [from.host, to.ip] };
    const a = one(id.slice(0, at));
    const b = one(id.slice(at + 2));
    if (a && b) return { where: `(${a.where} AND ${b.where})`, params: [...a.params, ...b.params] };
  }
  const whole = one(id);
  if (whole) return whole;
  const what = parseGroupId(id) ? 'a group (expand it and ask for one of its members)' : 'not a node of the graph';
  throw new InvalidInputError(`no timeline for ${JSON.stringify(id.slice(0, 200))}: ${what}`, { field: 'nodeId' });
}
