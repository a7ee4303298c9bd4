import { reportFormats, type ReportFormat } from '../../shared/report-types.js';
import { InvalidInputError } from '../errors/index.js';
import { writeConnectionsCsv } from './connections-csv.js';
import { writeFindingsCsv } from './csv.js';
import { writeHtmlReport } from './html.js';
import { writeJsonReport } from './json.js';
import { writeMispReport } from './misp.js';
import { writePdfReport } from './pdf.js';
import { writeStixReport } from './stix.js';
import type { ReportWriter } from './writer-types.js';

/** Each report format's writer (one file each in this folder). */
const writers: Partial<Record<ReportFormat, ReportWriter>> = {
  json: writeJsonReport,
  csv: writeFindingsCsv,
  connections: writeConnectionsCsv,
  stix: writeStixReport,
  misp: writeMispReport,
  html: writeHtmlReport,
  pdf: writePdfReport,
};

/**
 * The formats whose writer reads the case beyond the document: the
 * connections CSV lists every connection of the findings' units, STIX and
 * MISP read each unit's ports and protocols (interop.ts `unitTraffic`). They
 * write inside the case's turn, so an import cannot add connections the
 * gathered document does not know (all three take a second or two, not a
 * print's minutes). The others write outside it (report-handlers.ts), with
 * a caseDb that throws when used, so a writer that starts reading the case
 * without being listed here fails its tests instead of reading a case that
 * moves under it.
 */
const READS_CASE: ReadonlySet<ReportFormat> = new Set(['connections', 'stix', 'misp']);

export function writerReadsCase(format: ReportFormat): boolean {
  return READS_CASE.has(format);
}

/** The writer of a format, or an error saying this build cannot write it yet. */
export function reportWriter(format: ReportFormat): ReportWriter {
  const writer = writers[format];
  if (!writer) throw new InvalidInputError(`the ${reportFormats[format].label} report is not available yet in this build of Sightline`, { field: 'format' });
  return writer;
}
