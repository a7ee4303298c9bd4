// The graph-view benchmark's peer, "naive: every unit into JS": the approach of the getGraph operation
// that getGraphView replaced (removed in issue 13), written here so the ratio keeps a live peer measured
// on the same case and machine. It reads every row of edge_stats (one per host, process, destination)
// into JS, sums them per destination, ranks the destinations (with a finding first, then the busiest),
// keeps the first `maxDestinations` within the edge budget and builds node and edge objects for them.
// It does less than getGraphView (no groups, no host's own addresses, no annotations): a floor for
// "read it all and group it in JS", not an equal.
import Database from 'better-sqlite3';

/** A read-only connection to a case file, for `naiveGraph`. */
export function openCase(file) {
  return new Database(file, { readonly: true, fileMustExist: true });
}

const ports = (list) => (list ? list.split(',').map(Number).filter(Number.isInteger).sort((a, b) => a - b) : []);
const merge = (a, b) => (b.length === 0 ? a : a.length === 0 ? b : [...new Set([...a, ...b])].sort((x, y) => x - y));

/** The naive graph of a case: `{ nodes, edges, omittedDestinations }`, plain objects. */
export function naiveGraph(db, { maxDestinations = 400, maxEdges = 30_000 } = {}) {
  const units = db
    .prepare(
      `SELECT host, NULLIF(image, '') AS image, dst_ip AS ip, events AS n, bytes_out AS bytesOut, bytes_in AS bytesIn,
              first_ts AS first, last_ts AS last, ports FROM edge_stats`,
    )
    .all();
  const score = new Map(db.prepare('SELECT dst_ip, MAX(score) FROM findings WHERE score > 0 GROUP BY dst_ip').raw().all());

  const perDestination = new Map();
  for (const u of units) {
    const d = perDestination.get(u.ip) ?? { events: 0, edges: 0 };
    d.events += u.n;
    d.edges += 1;
    perDestination.set(u.ip, d);
  }
  const rank = (ip) => score.get(ip) ?? -1;
  const ranked = [...perDestination].sort((a, b) => rank(b[0]) - rank(a[0]) || b[1].events - a[1].events || a[0].localeCompare(b[0]));
  const kept = new Set();
  let budget = maxEdges;
  for (const [ip, d] of ranked) {
    if (kept.size >= maxDestinations || d.edges > budget) break;
    kept.add(ip);
    budget -= d.edges;
  }

  const nodes = new Map();
  const edges = new Map();
  const node = (id, kind, label, n) => {
    const x = nodes.get(id) ?? { id, kind, label, events: 0 };
    x.events += n;
    nodes.set(id, x);
  };
  const edge = (source, target, kind, u, list) => {
    const id = `${source}->${target}`;
    const e = edges.get(id) ?? { id, source, target, kind, events: 0, bytesOut: 0, bytesIn: 0, ports: [], first: u.first, last: u.last };
    e.events += u.n;
    e.bytesOut += u.bytesOut;
    e.bytesIn += u.bytesIn;
    e.ports = merge(e.ports, list);
    e.first = Math.min(e.first, u.first);
    e.last = Math.max(e.last, u.last);
    edges.set(id, e);
  };
  for (const u of units) {
    if (!kept.has(u.ip)) continue;
    const h = `host:${u.host}`;
    const d = `ip:${u.ip}`;
    node(h, 'host', u.host, u.n);
    node(d, 'destination', u.ip, u.n);
    if (u.image) {
      const p = `process:${u.host}|${u.image}`;
      node(p, 'process', u.image.slice(Math.max(u.image.lastIndexOf('\\'), u.image.lastIndexOf('/')) + 1), u.n);
      edge(h, p, 'runs', u, []);
      edge(p, d, 'connects', u, ports(u.ports));
    } else {
      edge(h, d, 'connects', u, ports(u.ports));
    }
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edges.values()].sort((a, b) => a.id.localeCompare(b.id)),
    omittedDestinations: ranked.length - kept.size,
  };
}
