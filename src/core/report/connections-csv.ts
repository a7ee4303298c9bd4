import type Database from 'better-sqlite3';
import type { ReportDocument, ReportFinding } from '../../shared/report-types.js';
import { csvHeader } from '../intel/export/csv-row.js';
import { listCell, reportCsvRows } from './csv-cells.js';
import { countedHits, unitWhere } from './interop.js';
import type { EventConnectionColumns } from '../graph/event-connection.js';
import type { ReportWriteContext, ReportWriter } from './writer-types.js';
import { reportCancelled } from './report-cancelled.js';

/** The connections CSV's columns, in order (docs/report-formats.md). */
export const CONNECTIONS_CSV_COLUMNS = [
  'time',
  'host',
  'user',
  'process',
  'pid',
  'protocol',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'dst_name',
  'bytes_out',
  'bytes_in',
  'duration_s',
  'country',
  'as_number',
  'as_name',
  'service',
  'ioc',
  'finding_id',
  'score',
  'severity',
  'verdict',
] as const;

/** Rows read per query: a few MB of text at most, however big the case. */
const CHUNK = 2_000;

interface EventRow extends EventConnectionColumns {
  id: number;
  user: string | null;
  pid: number | null;
  duration: number | null;
}

/**
 * Every connection of the reported findings' units (host, process,
 * destination), each with what the report knows of it: the destination's
 * country, AS and service, the IoC store's hits on the unit, and the
 * finding it belongs to with its score, severity and verdict. Read from
 * the case in chunks by (time, id), so the file may hold millions of rows
 * while the memory holds a chunk; cancellable between chunks.
 */
export const writeConnectionsCsv: ReportWriter = (doc, ctx) => connectionsCsv(doc, ctx, CHUNK);

/** The connections CSV read `chunk` rows per query (tests use small chunks to cross chunk boundaries). */
export async function connectionsCsv(doc: ReportDocument, ctx: ReportWriteContext, chunk: number): Promise<AsyncIterable<string>> {
  const units = unitsOf(doc.findings);
  // Two shapes of unit (with a process or without): each statement prepared once, not once a unit.
  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string) => statements.get(sql) ?? statements.set(sql, ctx.caseDb.prepare(sql)).get(sql) as Database.Statement;
  const total = units.reduce((n, u) => {
    const { where, params } = unitWhere((u[0] as ReportFinding).finding);
    return n + (statement(`SELECT COUNT(*) AS n FROM events WHERE ${where}`).get(...params) as { n: number }).n;
  }, 0);
  return (async function* () {
    yield csvHeader(CONNECTIONS_CSV_COLUMNS);
    let written = 0;
    for (const findings of units) {
      const first = findings[0] as ReportFinding;
      const { where, params } = unitWhere(first.finding);
      const page = statement(
        `SELECT id, ts, host, user, image, pid, proto, src_ip, src_port, dst_ip, dst_port, dst_host, bytes_out, bytes_in, duration
         FROM events WHERE ${where} AND (ts, id) > (?, ?) ORDER BY ts, id LIMIT ${chunk}`,
      );
      const shared = sharedCells(first);
      let after: [number, number] = [-1, -1];
      for (;;) {
        if (ctx.signal.aborted) throw reportCancelled();
        // A page at a time (.all): a statement left iterating across the awaits would keep the connection busy.
        const rows = page.all(...params, ...after) as EventRow[];
        if (rows.length === 0) break;
        yield reportCsvRows(rows.map((r) => rowCells(r, shared, findingOf(findings, r.dst_port))));
        written += rows.length;
        ctx.progress(total > 0 ? Math.min(written / total, 1) : 1);
        const last = rows[rows.length - 1] as EventRow;
        after = [last.ts, last.id];
        if (rows.length < chunk) break;
      }
    }
    ctx.records?.(written);
    ctx.progress(1);
  })();
}

/** The reported findings grouped by unit (host, process, destination), in the report's order. */
function unitsOf(findings: readonly ReportFinding[]): ReportFinding[][] {
  const units = new Map<string, ReportFinding[]>();
  for (const rf of findings) {
    const key = JSON.stringify([rf.finding.host, rf.finding.process, rf.finding.dst]);
    const unit = units.get(key);
    if (unit) unit.push(rf);
    else units.set(key, [rf]);
  }
  return [...units.values()];
}

/** The finding a connection belongs to: the unit's finding about its port, else the unit's about every port, else the unit's first. */
function findingOf(findings: readonly ReportFinding[], port: number | null): ReportFinding {
  return findings.find((f) => f.finding.dport !== null && f.finding.dport === port) ?? findings.find((f) => f.finding.dport === null) ?? (findings[0] as ReportFinding);
}

/** What every connection of a unit shares: where its destination is and the IoC store's hits on it. */
function sharedCells(rf: ReportFinding): (string | number | null)[] {
  const d = rf.destination;
  const hits = [...new Set(countedHits(rf).map((h) => `${h.type}:${h.value}`))];
  return [d?.country ?? null, d?.as?.number ?? null, d?.as?.name ?? null, d?.service ? `${d.service.name} (${d.service.category})` : null, listCell(hits)];
}

function rowCells(r: EventRow, shared: (string | number | null)[], rf: ReportFinding): (string | number | null)[] {
  const f = rf.finding;
  return [
    new Date(r.ts).toISOString(),
    r.host,
    r.user,
    r.image,
    r.pid,
    r.proto,
    r.src_ip,
    r.src_port,
    r.dst_ip,
    r.dst_port,
    r.dst_host,
    r.bytes_out,
    r.bytes_in,
    r.duration,
    ...shared,
    f.id,
    f.score,
    f.severity,
    f.verdict,
  ];
}
