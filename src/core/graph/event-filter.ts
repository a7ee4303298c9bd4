/**
 * SQL WHERE pieces for the query fields every graph view shares (getGraphView
 * and getTimeline). Values are always bound, never spliced; the
 * columns are the `events` table's, unqualified.
 */
export interface EventFilterInput {
  search?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Exact host names. */
  hosts?: readonly string[] | undefined;
  /** Image paths, or bare file names (`powershell.exe` matches it in any folder). */
  processes?: readonly string[] | undefined;
  ports?: readonly number[] | undefined;
  protocols?: readonly string[] | undefined;
}

/** `%`, `_` and the escape itself taken literally in a LIKE pattern written with ESCAPE '\'. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function eventFilter(q: EventFilterInput): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const search = searchPattern(q);
  if (search !== null) {
    // DNS names: an answer naming the destination counts as a match of its connections.
    clauses.push(`(${unitSearch('image')} OR dst_host LIKE ? ESCAPE '\\')`);
    params.push(search, search, search, search, search);
  }
  if (q.from) {
    clauses.push('ts >= ?');
    params.push(Date.parse(q.from));
  }
  if (q.to) {
    clauses.push('ts <= ?');
    params.push(Date.parse(q.to));
  }
  unitClauses(q, clauses, params);
  if (q.ports?.length) {
    clauses.push(`dst_port IN (${marks(q.ports.length)})`);
    params.push(...q.ports);
  }
  if (q.protocols?.length) {
    clauses.push(`LOWER(proto) IN (${marks(q.protocols.length)})`);
    params.push(...q.protocols.map((p) => p.toLowerCase()));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * The same filter over whole units (host, image, destination), when nothing
 * in it is about single connections (no time, port or protocol): hosts,
 * processes and a search by host, image, address or DNS name hold for all of
 * a unit's connections or none, so `edge_stats` answers without reading the
 * events. A search also matches connections by the name the log gave their
 * destination (`dst_host`), which can differ within a unit: `byName` selects
 * those connections of the units `where` leaves out. Null when the filter
 * has a condition on single connections. Columns are `edge_stats`'s
 * (`image` '' for none) and, in `byName`, `events`'s; unqualified.
 */
export function unitFilter(q: EventFilterInput): { where: string; params: (string | number)[]; byName: { where: string; params: (string | number)[] } | null } | null {
  if (q.from || q.to || q.ports?.length || q.protocols?.length) return null;
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const search = searchPattern(q);
  if (search !== null) {
    clauses.push(`(${unitSearch('image')})`);
    params.push(search, search, search, search);
  }
  unitClauses(q, clauses, params);
  const where = clauses.length ? clauses.join(' AND ') : '1';
  if (search === null) return { where, params, byName: null };
  const others = clauses.slice(1);
  return {
    where,
    params,
    byName: {
      where: [`dst_host LIKE ? ESCAPE '\\'`, `NOT (${unitSearch("COALESCE(image, '')")})`, ...others].join(' AND '),
      params: [search, search, search, search, search, ...params.slice(4)],
    },
  };
}

/** host, image, address or a DNS answer naming the address: four bound copies of the pattern. */
function unitSearch(image: string): string {
  return `host LIKE ? ESCAPE '\\' OR ${image} LIKE ? ESCAPE '\\' OR dst_ip LIKE ? ESCAPE '\\'
        OR dst_ip IN (SELECT ip FROM dns_answers WHERE query LIKE ? ESCAPE '\\')`;
}

function searchPattern(q: EventFilterInput): string | null {
  return q.search && q.search.trim() !== '' ? `%${likeLiteral(q.search.trim())}%` : null;
}

/** Hosts and processes: conditions that hold for a whole unit. */
function unitClauses(q: EventFilterInput, clauses: string[], params: (string | number)[]): void {
  if (q.hosts?.length) {
    clauses.push(`host IN (${marks(q.hosts.length)})`);
    params.push(...q.hosts);
  }
  if (q.processes?.length) {
    const any: string[] = [];
    for (const p of q.processes) {
      if (/[\\/]/.test(p)) {
        any.push('image = ?');
        params.push(p);
      } else {
        // A bare file name: the image's last path element, either separator, case as written or not (Windows).
        any.push(`image = ? COLLATE NOCASE OR image LIKE ? ESCAPE '\\' OR image LIKE ? ESCAPE '\\'`);
        params.push(p, `%\\\\${likeLiteral(p)}`, `%/${likeLiteral(p)}`);
      }
    }
    clauses.push(`(${any.join(' OR ')})`);
  }
}


function marks(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
