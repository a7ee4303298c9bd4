import type Database from 'better-sqlite3';
import type { FindingMark } from '../../shared/types.js';
import { destinationId, hostId, processId } from './node-id.js';

export interface FindingMarks {
  /** By destination address. */
  destinations: Map<string, FindingMark>;
  /** By process node id. */
  processes: Map<string, FindingMark>;
  /** By edge id (`<process or host id>-><destination id>`). */
  edges: Map<string, FindingMark>;
}

/** The strongest finding per destination, process and edge, from the latest analysis (findings scoring 0 mark nothing). */
export function findingMarks(db: Database.Database): FindingMarks {
  const marks: FindingMarks = { destinations: new Map(), processes: new Map(), edges: new Map() };
  const rows = db.prepare('SELECT host, image, dst_ip AS ip, score, severity, kinds FROM findings WHERE score > 0 ORDER BY score DESC').all() as {
    host: string;
    image: string;
    ip: string;
    score: number;
    severity: string;
    kinds: string;
  }[];
  const keep = (map: Map<string, FindingMark>, key: string, mark: FindingMark) => {
    if (!map.has(key)) map.set(key, mark);
  };
  for (const r of rows) {
    const mark: FindingMark = { score: r.score, severity: r.severity === 'none' ? null : (r.severity as FindingMark['severity']), kinds: JSON.parse(r.kinds) as string[] };
    const d = destinationId(r.ip);
    keep(marks.destinations, r.ip, mark);
    if (r.image !== '') {
      const p = processId(r.host, r.image);
      keep(marks.processes, p, mark);
      keep(marks.edges, `${p}->${d}`, mark);
    } else {
      keep(marks.edges, `${hostId(r.host)}->${d}`, mark);
    }
  }
  return marks;
}

/** The stronger of two marks (either may be absent); kinds of both. */
export function strongerMark(a: FindingMark | undefined, b: FindingMark | undefined): FindingMark | undefined {
  if (!a) return b;
  if (!b) return a;
  const [top, other] = a.score >= b.score ? [a, b] : [b, a];
  const kinds = [...new Set([...top.kinds, ...other.kinds])];
  return { score: top.score, severity: top.severity, kinds };
}
