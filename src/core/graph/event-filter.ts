/** SQL WHERE pieces for the query fields every graph view shares. Values are always bound, never spliced. */
export interface EventFilterInput {
  search?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function eventFilter(q: EventFilterInput): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (q.search && q.search.trim() !== '') {
    const like = `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push(`(host LIKE ? ESCAPE '\\' OR image LIKE ? ESCAPE '\\' OR dst_ip LIKE ? ESCAPE '\\' OR dst_host LIKE ? ESCAPE '\\')`);
    params.push(like, like, like, like);
  }
  if (q.from) {
    clauses.push('ts >= ?');
    params.push(Date.parse(q.from));
  }
  if (q.to) {
    clauses.push('ts <= ?');
    params.push(Date.parse(q.to));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
