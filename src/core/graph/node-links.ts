import type Database from 'better-sqlite3';
import type { NodeLink, NodeLinkPage, nodeLinkKinds } from '../../shared/entity-details-types.js';
import { InvalidInputError } from '../errors/index.js';
import { destinationId, hostId, processId, type NodeRef } from './node-id.js';

export type NodeLinkKind = (typeof nodeLinkKinds)[number];

/**
 * One page of a node's neighbours from the per-edge totals (edge_stats), busiest
 * first, each with the strongest finding of the latest analysis on its
 * connections: a host's processes or destinations, a process's destinations,
 * the hosts and processes that reached a destination ('sources').
 */
export function nodeLinks(db: Database.Database, ref: NodeRef, links: NodeLinkKind, q: { search?: string | undefined; offset: number; limit: number }): NodeLinkPage {
  const shape = shapeOf(ref, links);
  const where = [shape.where];
  const params: (string | number)[] = [...shape.params];
  if (q.search) {
    where.push(`(${shape.searched.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    for (let i = 0; i < shape.searched.length; i++) params.push(like);
  }
  const filter = where.join(' AND ');
  const total = db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM edge_stats WHERE ${filter} GROUP BY ${shape.group})`).pluck().get(...params) as number;
  const run = db.prepare('SELECT MAX(id) FROM analysis_runs').pluck().get() as number | null;
  const rows = db
    .prepare(
      `SELECT host, image, dst_ip, SUM(events) AS events, TOTAL(bytes_out) AS bytesOut, TOTAL(bytes_in) AS bytesIn, MIN(first_ts) AS first, MAX(last_ts) AS last,
              (SELECT MAX(f.score) FROM findings f WHERE f.run_id = ? AND ${shape.findingJoin}) AS score
       FROM edge_stats x WHERE ${filter} GROUP BY ${shape.group} ORDER BY events DESC, ${shape.group} LIMIT ? OFFSET ?`,
    )
    .all(run ?? -1, ...params, q.limit, q.offset) as { host: string; image: string; dst_ip: string; events: number; bytesOut: number; bytesIn: number; first: number; last: number; score: number | null }[];
  return { total, rows: rows.map((r) => shape.row(r)) };
}

interface Shape {
  where: string;
  params: string[];
  group: string;
  searched: string[];
  findingJoin: string;
  row(r: { host: string; image: string; dst_ip: string; events: number; bytesOut: number; bytesIn: number; first: number; last: number; score: number | null }): NodeLink;
}

function shapeOf(ref: NodeRef, links: NodeLinkKind): Shape {
  const totals = (r: Parameters<Shape['row']>[0]) => ({
    events: r.events,
    bytesOut: r.bytesOut,
    bytesIn: r.bytesIn,
    firstSeen: new Date(r.first).toISOString(),
    lastSeen: new Date(r.last).toISOString(),
    score: r.score,
  });
  const destination = (r: Parameters<Shape['row']>[0], host: string, process: string | null): NodeLink => ({
    nodeId: destinationId(r.dst_ip),
    kind: 'destination',
    host,
    process,
    destination: r.dst_ip,
    ...totals(r),
  });
  if (ref.kind === 'host' && links === 'processes') {
    // '' is "no process" (sensor flows): those connections go from the host itself, not from a process node.
    return {
      where: "host = ? AND image <> ''",
      params: [ref.host],
      group: 'image',
      searched: ['image'],
      findingJoin: 'f.host = x.host AND f.image = x.image',
      row: (r) => ({ nodeId: processId(ref.host, r.image), kind: 'process', host: ref.host, process: r.image, destination: null, ...totals(r) }),
    };
  }
  if (ref.kind === 'host' && links === 'destinations') {
    return { where: 'host = ?', params: [ref.host], group: 'dst_ip', searched: ['dst_ip'], findingJoin: 'f.host = x.host AND f.dst_ip = x.dst_ip', row: (r) => destination(r, ref.host, null) };
  }
  if (ref.kind === 'process' && links === 'destinations') {
    return {
      where: 'host = ? AND image = ?',
      params: [ref.host, ref.image],
      group: 'dst_ip',
      searched: ['dst_ip'],
      findingJoin: 'f.host = x.host AND f.image = x.image AND f.dst_ip = x.dst_ip',
      row: (r) => destination(r, ref.host, ref.image),
    };
  }
  if (ref.kind === 'destination' && links === 'sources') {
    return {
      where: 'dst_ip = ?',
      params: [ref.ip],
      group: 'host, image',
      searched: ['host', 'image'],
      findingJoin: 'f.host = x.host AND f.image = x.image AND f.dst_ip = x.dst_ip',
      row: (r) => ({
        nodeId: r.image === '' ? hostId(r.host) : processId(r.host, r.image),
        kind: r.image === '' ? 'host' : 'process',
        host: r.host,
        process: r.image === '' ? null : r.image,
        destination: ref.ip,
        ...totals(r),
      }),
    };
  }
  throw new InvalidInputError(`a ${ref.kind} node has no ${links} (hosts: processes, destinations; processes: destinations; destinations: sources)`, { field: 'links' });
}
