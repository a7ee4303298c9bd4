/**
 * SQL WHERE pieces for the query fields every graph view shares (getGraph,
 * getGraphView, getTimeline). Values are always bound, never spliced; the
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
  if (q.search && q.search.trim() !== '') {
    const like = `%${likeLiteral(q.search.trim())}%`;
    // DNS names: an answer naming the destination counts as a match of its connections.
    clauses.push(
      `(host LIKE ? ESCAPE '\\' OR image LIKE ? ESCAPE '\\' OR dst_ip LIKE ? ESCAPE '\\' OR dst_host LIKE ? ESCAPE '\\'
        OR dst_ip IN (SELECT ip FROM dns_answers WHERE query LIKE ? ESCAPE '\\'))`,
    );
    params.push(like, like, like, like, like);
  }
  if (q.from) {
    clauses.push('ts >= ?');
    params.push(Date.parse(q.from));
  }
  if (q.to) {
    clauses.push('ts <= ?');
    params.push(Date.parse(q.to));
  }
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

/** Whether the filter narrows the events at all (without one, the per-unit totals kept at import answer). */
export function isUnfiltered(q: EventFilterInput): boolean {
  return eventFilter(q).where === '';
}

function marks(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
