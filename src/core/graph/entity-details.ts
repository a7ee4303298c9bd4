import type Database from 'better-sqlite3';
import type { DestinationDetails, EntityDetails, ProcessDetails } from '../../shared/entity-details-types.js';
import type { ConnectionRow, GraphNode, ProcessLineageView } from '../../shared/types.js';
import { NotFoundError } from '../errors/index.js';
import { isInternalAddress } from './internal-address.js';
import { imageName } from './unit-rows.js';
import { isoOrNull } from './event-filter.js';
import { destinationId, hostId, parseNodeId, processId, type NodeRef } from './node-id.js';
import { COUNTED_IN_GRAPH, countedInGraph } from '../telemetry/edge-refresh.js';
import { processLineage, type Lineage } from '../analysis/queries/index.js';
import { lineageView } from './lineage-view.js';
import type { DetailsDeps } from './details-deps.js';
import type { EventConnectionColumns } from './event-connection.js';
import { destinationDetails, FIRST_PAGE } from './destination-details.js';
import { nodeLinks } from './node-links.js';
import { addressesOfHost } from './host-addresses.js';
import { buildTimeline } from './timeline.js';
import { processDetails } from './process-details.js';

/** Bins of a node's connection timeline: fine enough to see a working day in a week. */
const TIMELINE_BINS = 120;

type Fact = { label: string; value: string };

/**
 * Everything the details panel shows about one node: facts, time span, its
 * latest connections and timeline, and per kind what tells its story (a
 * destination's intel and rhythm, a process's hashes and lineage, a host's
 * processes and destinations).
 */
export function entityDetails(db: Database.Database, caseId: string, nodeId: string, limit: number, deps: DetailsDeps): EntityDetails {
  const ref = parseNodeId(nodeId);
  if (!ref) throw new NotFoundError(`"${nodeId}" is not a node id (host:…, process:host|image, ip:…)`, { field: 'nodeId' });
  const { where, params } = scope(ref);
  const stats = db
    .prepare(`SELECT COUNT(*) AS n, MIN(ts) AS first, MAX(ts) AS last FROM events WHERE ${where}`)
    .get(...params) as { n: number; first: number | null; last: number | null };
  if (stats.n === 0) throw new NotFoundError(`no events for ${nodeId} in this case`, { field: 'nodeId' });

  const connections = db
    .prepare(
      `SELECT e.ts, e.host, e.image, e.proto, e.src_ip, e.src_port, e.dst_ip, e.dst_port, e.dst_host, e.bytes_out, e.bytes_in,
              e.line, i.format, i.file_name, pi.format AS peer_format, pi.file_name AS peer_file, p.line AS peer_line
       FROM events e JOIN imports i ON i.id = e.import_id
         LEFT JOIN events p ON p.id = e.peer_id LEFT JOIN imports pi ON pi.id = p.import_id
       WHERE ${scope(ref, 'e.').where}
       ORDER BY e.ts DESC, e.id DESC LIMIT ?`,
    )
    .all(...params, limit) as ConnectionDbRow[];

  const node = nodeOf(ref, stats.n);
  const lineage = ref.kind === 'process' && stats.last !== null ? latestLineage(db, ref.host, ref.image, stats.last) : null;
  if (ref.kind === 'destination') {
    const names = dnsNames(db, ref.ip, 3);
    if (names.length > 0) node.names = names;
    const alerts = (db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE dst_ip = ? OR src_ip = ?').get(ref.ip, ref.ip) as { n: number }).n;
    if (alerts > 0) node.alerts = alerts;
  }
  const first = stats.first as number;
  const last = stats.last as number;
  const own = ref.kind === 'host' ? addressesOfHost(db, ref.host) : [];
  return {
    node,
    facts: factsOf(db, ref, where, params, lineage, own),
    firstSeen: isoOrNull(stats.first),
    lastSeen: isoOrNull(stats.last),
    connections: connections.map(toConnectionRow),
    connectionTotal: stats.n,
    ...(lineage ? { lineage: lineageView(lineage) } : {}),
    timeline: buildTimeline(db, { caseId, nodeId, bins: TIMELINE_BINS, includeInternal: true }),
    ...(ref.kind === 'destination' ? { destination: destinationDetails(db, ref.ip, { where, params }, { first, last }, deps) } : {}),
    ...(ref.kind === 'process' ? { process: processDetails(db, ref.host, ref.image, lineage, deps) } : {}),
    ...(ref.kind === 'host'
      ? {
          host: {
            addresses: own,
            processes: nodeLinks(db, ref, 'processes', { offset: 0, limit: FIRST_PAGE }),
            destinations: nodeLinks(db, ref, 'destinations', { offset: 0, limit: FIRST_PAGE }),
          },
        }
      : {}),
  };
}

/** A destination's section of its details alone (reports gather it once per destination); null without connections. */
export function destinationSection(db: Database.Database, ip: string, deps: DetailsDeps): DestinationDetails | null {
  const s = scope({ kind: 'destination', ip });
  const span = spanOf(db, s.where, s.params);
  return span ? destinationDetails(db, ip, s, span, deps) : null;
}

/** A process's section and lineage, as its details give them (reports gather them once per process); null without connections. */
export function processSection(db: Database.Database, host: string, image: string, deps: DetailsDeps): { process: ProcessDetails; lineage: ProcessLineageView | null } | null {
  const s = scope({ kind: 'process', host, image });
  const span = spanOf(db, s.where, s.params);
  if (!span) return null;
  const lineage = latestLineage(db, host, image, span.last);
  return { process: processDetails(db, host, image, lineage, deps), lineage: lineage ? lineageView(lineage) : null };
}

function spanOf(db: Database.Database, where: string, params: readonly string[]): { first: number; last: number } | null {
  const r = db.prepare(`SELECT MIN(ts) AS first, MAX(ts) AS last FROM events WHERE ${where}`).get(...params) as { first: number | null; last: number | null };
  return r.first === null || r.last === null ? null : { first: r.first, last: r.last };
}

/** The lineage of the process's latest connection: by its ProcessGuid when the event has one, else by host and image. */
function latestLineage(db: Database.Database, host: string, image: string, last: number): Lineage | null {
  const guid = db.prepare('SELECT process_guid FROM events WHERE ts = ? AND host = ? AND image = ? AND process_guid IS NOT NULL LIMIT 1').pluck().get(last, host, image) as
    | string
    | undefined;
  return processLineage(db, { host, image, processGuid: guid ?? null, at: last });
}

/**
 * The events of a node, as a WHERE clause; `t` qualifies the columns when the
 * query joins. A flow joined to an endpoint event is left out: that event
 * stands for the connection and carries the flow's bytes.
 */
function scope(ref: NodeRef, t = ''): { where: string; params: string[] } {
  const counted = t === '' ? COUNTED_IN_GRAPH : countedInGraph(t.slice(0, -1));
  switch (ref.kind) {
    case 'host':
      return { where: `${t}host = ? AND ${counted}`, params: [ref.host] };
    case 'process':
      return { where: `${t}host = ? AND ${t}image = ?`, params: [ref.host, ref.image] };
    case 'destination':
      return { where: `${t}dst_ip = ? AND ${counted}`, params: [ref.ip] };
  }
}

function nodeOf(ref: NodeRef, events: number): GraphNode {
  switch (ref.kind) {
    case 'host':
      return { id: hostId(ref.host), kind: 'host', label: ref.host, events };
    case 'process':
      return { id: processId(ref.host, ref.image), kind: 'process', label: imageName(ref.image), events };
    case 'destination':
      return { id: destinationId(ref.ip), kind: 'destination', label: ref.ip, events, internal: isInternalAddress(ref.ip) };
  }
}

function factsOf(db: Database.Database, ref: NodeRef, where: string, params: string[], lineage: Lineage | null, own: readonly string[]): Fact[] {
  const count = (column: string): number =>
    (db.prepare(`SELECT COUNT(DISTINCT ${column}) AS n FROM events WHERE ${where}`).get(...params) as { n: number }).n;
  /** The most used values, and how many more there are ("…, and 3 more"): a list cut short says so. */
  const distinct = (column: string, max = 8, leaveOut: readonly string[] = []): string => {
    const rows = db
      .prepare(`SELECT ${column} AS v, COUNT(*) AS n FROM events WHERE ${where} AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY n DESC LIMIT ?`)
      .all(...params, max + 1 + leaveOut.length) as { v: string | number; n: number }[];
    const values = rows.map((r) => String(r.v)).filter((v) => !leaveOut.includes(v));
    if (values.length <= max) return values.join(', ');
    const others = leaveOut.length === 0 ? '' : ` AND ${column} NOT IN (${leaveOut.map(() => '?').join(', ')})`;
    const all = (db.prepare(`SELECT COUNT(DISTINCT ${column}) AS n FROM events WHERE ${where}${others}`).get(...params, ...leaveOut) as { n: number }).n;
    const more = all - max;
    return `${values.slice(0, max).join(', ')}, and ${more.toLocaleString('en-US')} more`;
  };
  const facts: Fact[] = [];
  const add = (label: string, value: string | number) => {
    if (value !== '' && value !== 0) facts.push({ label, value: String(value) });
  };
  switch (ref.kind) {
    case 'host': {
      add('Host', ref.host);
      add('Processes', count('image'));
      add('Destinations', count('dst_ip'));
      add('Users', distinct('user'));
      // The addresses that are this machine, then any other its connections came from (loopback, shared, too few).
      add('Own addresses', own.join(', '));
      add(own.length > 0 ? 'Other source addresses' : 'Source addresses', distinct('src_ip', 8, own));
      break;
    }
    case 'process': {
      add('Image', ref.image);
      add('Host', ref.host);
      add('Users', distinct('user'));
      add('Process ids', distinct('pid'));
      add('Destinations', count('dst_ip'));
      // The lineage's process (joined by GUID) describes the run that connected; its hashes are shown parsed with it.
      const created = lineage?.process ?? null;
      if (created) {
        add('Command line', created.commandLine ?? '');
        add('Parent', created.parentImage ?? '');
        add('Integrity', created.integrityLevel ?? '');
      }
      break;
    }
    case 'destination':
      add('Address', ref.ip);
      // Its class, in words, is in the destination section (with country and AS), said once.
      // Its names (DNS answers and endpoint logs, merged) are in the destination section, read once.
      for (const a of alertsOf(db, ref.ip)) add(`IDS alert (${a.n}×)`, a.signature);
      add('Ports', distinct('dst_port', 12));
      add('Hosts', distinct('host'));
      add('Processes', distinct('image'));
      break;
  }
  add('Protocols', distinct('proto'));
  return facts;
}

/** Names the case's DNS answers gave this address (Sysmon event 22, Zeek dns.log), most asked first. */
export function dnsNames(db: Database.Database, ip: string, max = 8): string[] {
  const rows = db
    .prepare('SELECT query, COUNT(*) AS n FROM dns_answers WHERE ip = ? GROUP BY query ORDER BY n DESC, query LIMIT ?')
    .all(ip, max) as { query: string }[];
  return rows.map((r) => r.query);
}

function alertsOf(db: Database.Database, ip: string): { signature: string; n: number }[] {
  return db
    .prepare(
      `SELECT signature, COUNT(*) AS n FROM alerts WHERE dst_ip = ? OR src_ip = ?
       GROUP BY signature ORDER BY n DESC, signature LIMIT 10`,
    )
    .all(ip, ip) as { signature: string; n: number }[];
}

interface ConnectionDbRow extends EventConnectionColumns {
  line: number;
  format: ConnectionRow['format'];
  file_name: string;
  peer_format: ConnectionRow['format'] | null;
  peer_file: string | null;
  peer_line: number | null;
}

function toConnectionRow(r: ConnectionDbRow): ConnectionRow {
  return {
    time: new Date(r.ts).toISOString(),
    host: r.host,
    process: r.image,
    protocol: r.proto,
    source: r.src_ip,
    sourcePort: r.src_port,
    destination: r.dst_ip,
    destinationPort: r.dst_port,
    destinationHost: r.dst_host,
    bytesOut: r.bytes_out,
    bytesIn: r.bytes_in,
    format: r.format,
    file: r.file_name,
    line: r.line,
    joined: r.peer_file === null ? null : { format: r.peer_format as ConnectionRow['format'], file: r.peer_file, line: r.peer_line ?? 0 },
  };
}
