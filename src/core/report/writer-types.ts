import type Database from 'better-sqlite3';
import type { ReportDocument } from '../../shared/report-types.js';
import type { PdfPrinter } from './pdf-printer.js';

/** What a writer gets beside the document. */
export interface ReportWriteContext {
  /**
   * The case, for writers that list more than the document holds (the
   * connections CSV); read-only use, and only by the formats writers.ts marks
   * as reading the case: the others write outside the case's turn, where
   * reading it throws.
   */
  caseDb: Database.Database;
  signal: AbortSignal;
  /** The share of the writing done, in [0, 1]. */
  progress(fraction: number): void;
  /** How many records the file holds when they are not the report's findings (the connections CSV's rows); called once the writer is done. */
  records?(count: number): void;
  /** What prints the PDF (the engine's: the system Chromium, or the desktop app's Electron); the system Chromium when absent. */
  printPdf?: PdfPrinter | undefined;
  /** The graph as the UI drew it (reportOptions' graphSvg, from the page: hostile), for HTML and PDF; absent from the CLI. */
  graphSvg?: string | null | undefined;
}

/**
 * One report format: the gathered document in, the file's pieces out, in
 * order (written through core/output-file.ts, so a failed or cancelled
 * report leaves no file). Every string in the document is as imported or
 * posted: hostile, to be escaped for the format.
 */
export type ReportWriter = (doc: ReportDocument, ctx: ReportWriteContext) => Promise<Iterable<string | Buffer> | AsyncIterable<string | Buffer>>;
