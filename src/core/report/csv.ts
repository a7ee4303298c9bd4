import type { ReportFinding } from '../../shared/report-types.js';
import { csvHeader } from '../intel/export/csv-row.js';
import { reportCsvRow, listCell } from './csv-cells.js';
import { countedHits } from './interop.js';
import type { ReportWriter } from './writer-types.js';

/** The findings CSV's columns, in order (docs/report-formats.md). */
export const FINDINGS_CSV_COLUMNS = [
  'id',
  'score',
  'severity',
  'verdict',
  'host',
  'process',
  'destination',
  'port',
  'kinds',
  'first_seen',
  'last_seen',
  'connections',
  'bytes_out',
  'bytes_in',
  'explanation',
  'country',
  'as_number',
  'as_name',
  'service',
  'ioc_sources',
  'notes',
  'tags',
  'verdict_note',
] as const;

/**
 * The report's findings for a spreadsheet, one row each in the report's
 * order: the unit, its score and evidence in one sentence, where the
 * destination is, which IoC sources named it, how many notes and which
 * tags the analyst gave it, and the note given with its verdict. Safe to open: no cell becomes a formula, hidden
 * characters show as markers, numbers stay numbers.
 */
export const writeFindingsCsv: ReportWriter = async (doc, ctx) => {
  const rows = [csvHeader(FINDINGS_CSV_COLUMNS)];
  for (const rf of doc.findings) rows.push(reportCsvRow(findingCells(rf)));
  ctx.progress(1);
  return rows;
};

function findingCells(rf: ReportFinding): (string | number | null)[] {
  const f = rf.finding;
  const d = rf.destination;
  const sources = [...new Set(countedHits(rf).flatMap((h) => h.sources))].sort();
  return [
    f.id,
    f.score,
    f.severity,
    f.verdict,
    f.host,
    f.process,
    f.dst,
    f.dport,
    f.kinds.join(' '),
    f.firstSeen,
    f.lastSeen,
    f.events,
    f.bytesOut,
    f.bytesIn,
    rf.sentence,
    d?.country ?? null,
    d?.as?.number ?? null,
    d?.as?.name ?? null,
    d?.service ? `${d.service.name} (${d.service.category})` : null,
    listCell(sources),
    rf.notes.length,
    listCell(rf.tags),
    rf.verdict?.note ?? null,
  ];
}
