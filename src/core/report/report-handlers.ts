import crypto from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { Handlers, JobContext } from '../../shared/dispatch.js';
import { reportFileName, type ReportDocument, type ReportFormat, type ReportProgress } from '../../shared/report-types.js';
import type { FileRef } from '../../shared/types.js';
import type { EngineServices } from '../engine-services.js';
import type { DetailsDeps } from '../graph/details-deps.js';
import { writeOutputFile } from '../output-file.js';
import { gatherReport } from './gather.js';
import type { PdfPrinter } from './pdf-printer.js';
import { reportCancelled } from './report-cancelled.js';
import type { ReportWriteContext, ReportWriter } from './writer-types.js';
import { reportWriter, writerReadsCase } from './writers.js';

type ReportHandlers = Pick<Handlers, 'exportReport'>;

/** What a report takes beyond the engine's services: the details' reference data, the version, the clock and the PDF printer. */
export interface ReportHandlerDeps extends Omit<DetailsDeps, 'homeDb'> {
  version: string;
  now(): number;
  /** What prints a PDF report (pdf-printer.ts); the system Chromium when absent. */
  printPdf?: PdfPrinter | undefined;
}

/**
 * The report of a case: gathered into the document in the case's turn with
 * its imports and analyses (a report read while an analysis replaces the
 * findings could mix two runs), then written by the format's writer into the
 * save target or a new download, whole or not at all (core/output-file.ts).
 * The writing is outside the turn (a PDF prints for seconds, up to
 * PRINT_TIMEOUT_MS, and an import or analysis of the case need not wait for
 * it), except for the formats whose writer reads the case (writers.ts).
 */
export function createReportHandlers(s: EngineServices, deps: ReportHandlerDeps): ReportHandlers {
  return {
    exportReport: async ({ target, format, ...options }, ctx) => {
      const summary = s.cases.summary(options.caseId);
      const writer = reportWriter(format);
      const onWait = (ms: number) => ctx.progress({ step: 'waiting', fraction: 0, waitingSeconds: Math.floor(ms / 1000) });
      const inTurn = <T>(task: () => Promise<T>): Promise<T> => s.writeCase(summary, { signal: ctx.signal, onWait }, task);
      const db = s.cases.open(options.caseId);
      const gather = () => {
        ctx.progress({ step: 'gathering', fraction: 0 });
        return gatherReport(db, s.homeDb, options, {
          ...deps,
          caseInfo: { id: summary.id, name: summary.name, createdAt: summary.createdAt },
          signal: ctx.signal,
          progress: (fraction) => ctx.progress({ step: 'gathering', fraction }),
        });
      };
      const write = (doc: ReportDocument, caseDb: Database.Database | null) => {
        const writing: ReportWriteContext = {
          caseDb: caseDb ?? outOfTurn(format),
          signal: ctx.signal,
          progress: (fraction) => ctx.progress({ step: 'writing', fraction }),
          printPdf: deps.printPdf,
          graphSvg: options.graphSvg ?? null,
        };
        return writeReportFile(s, { target, format, caseName: summary.name, now: deps.now() }, ctx, (records) => writer(doc, { ...writing, records }), doc.findings.length);
      };
      if (writerReadsCase(format)) return inTurn(async () => write(await gather(), db));
      return write(await inTurn(gather), null);
    },
  };
}

/**
 * Writes the pieces `produce` gives into the target or a new download,
 * hashing them; a cancel, checked at each piece and once more before the
 * rename, leaves no file (nor the download).
 */
async function writeReportFile(
  s: EngineServices,
  o: { target: { fileId: string } | undefined; format: ReportFormat; caseName: string; now: number },
  ctx: JobContext<ReportProgress>,
  produce: (records: (count: number) => void) => ReturnType<ReportWriter>,
  findings: number,
) {
  const download = o.target ? null : s.files.newDownload(reportFileName(o.caseName, o.format, o.now));
  try {
    const { file, name } = s.files.write(o.target?.fileId ?? (download as FileRef).fileId);
    const hash = crypto.createHash('sha256');
    let records = findings;
    await writeOutputFile(
      file,
      async (put) => {
        ctx.progress({ step: 'writing', fraction: 0 });
        const pieces = await produce((count) => (records = count));
        for await (const piece of pieces) {
          if (ctx.signal.aborted) throw reportCancelled();
          hash.update(piece);
          await put(piece);
        }
        // Checked once more before the rename: a report cancelled at its last piece is not kept either.
        if (ctx.signal.aborted) throw reportCancelled();
      },
      { mode: REPORT_FILE_MODE },
    );
    return { file: name, format: o.format, records, sha256: hash.digest('hex'), download: download && { ...download, bytes: fs.statSync(file).size } };
  } catch (err) {
    if (download) s.files.release(download.fileId);
    throw err;
  }
}

/**
 * The case as a writer outside the case's turn sees it: any use throws
 * (a Proxy, so spreading the context does not), for a writer that reads the
 * case without writers.ts saying so.
 */
function outOfTurn(format: ReportFormat): Database.Database {
  return new Proxy({} as Database.Database, {
    get() {
      throw new Error(`the ${format} writer reads the case, but writers.ts does not say so (it writes outside the case's turn)`);
    },
  });
}

/**
 * A report is a hand-over document: written with the usual mode (0666 less
 * the umask), like any file the user saves, not owner-only as intel exports
 * are (output-file.ts).
 */
const REPORT_FILE_MODE = 0o666;
