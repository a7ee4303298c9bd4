import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Handlers } from '../../shared/dispatch.js';
import { reportFileName } from '../../shared/report-types.js';
import type { FileRef } from '../../shared/types.js';
import type { EngineServices } from '../engine-services.js';
import { CancelledError, type SightlineError } from '../errors/index.js';
import type { DetailsDeps } from '../graph/details-deps.js';
import { writeOutputFile } from '../output-file.js';
import { gatherReport } from './gather.js';
import { reportWriter } from './writers.js';

type ReportHandlers = Pick<Handlers, 'exportReport'>;

/** What a report takes beyond the engine's services: the details' reference data, the version, the clock and a Chromium for PDFs. */
export interface ReportHandlerDeps extends Omit<DetailsDeps, 'homeDb'> {
  version: string;
  now(): number;
  /** The headless Chromium a PDF is printed with; null when none is installed. */
  chromium?: () => string | null;
}

/**
 * The report of a case, in the case's turn with its imports and analyses (a
 * report read while an analysis replaces the findings could mix two runs):
 * gathered once into the document, written by the format's writer into the
 * save target or a new download, whole or not at all (core/output-file.ts).
 */
export function createReportHandlers(s: EngineServices, deps: ReportHandlerDeps): ReportHandlers {
  return {
    exportReport: ({ target, format, ...options }, ctx) => {
      const summary = s.cases.summary(options.caseId);
      const writer = reportWriter(format);
      const onWait = (ms: number) => ctx.progress({ step: 'waiting', fraction: 0, waitingSeconds: Math.floor(ms / 1000) });
      return s.writeCase(summary, { signal: ctx.signal, onWait }, async () => {
        const db = s.cases.open(options.caseId);
        ctx.progress({ step: 'gathering', fraction: 0 });
        const doc = await gatherReport(db, s.homeDb, options, {
          ...deps,
          caseInfo: { id: summary.id, name: summary.name, createdAt: summary.createdAt },
          signal: ctx.signal,
          progress: (fraction) => ctx.progress({ step: 'gathering', fraction }),
        });
        const download = target ? null : s.files.newDownload(reportFileName(summary.name, format, deps.now()));
        try {
          const { file, name } = s.files.write(target?.fileId ?? (download as FileRef).fileId);
          const hash = crypto.createHash('sha256');
          let records = doc.findings.length;
          await writeOutputFile(file, async (put) => {
            ctx.progress({ step: 'writing', fraction: 0 });
            const pieces = await writer(doc, {
              caseDb: db,
              signal: ctx.signal,
              progress: (fraction) => ctx.progress({ step: 'writing', fraction }),
              records: (count) => (records = count),
              chromium: deps.chromium?.() ?? null,
              graphSvg: options.graphSvg ?? null,
            });
            for await (const piece of pieces) {
              if (ctx.signal.aborted) throw cancelled();
              hash.update(piece);
              await put(piece);
            }
            // Checked once more before the rename: a report cancelled at its last piece is not kept either.
            if (ctx.signal.aborted) throw cancelled();
          });
          return { file: name, format, records, sha256: hash.digest('hex'), download: download && { ...download, bytes: fs.statSync(file).size } };
        } catch (err) {
          if (download) s.files.release(download.fileId);
          throw err;
        }
      });
    },
  };
}

function cancelled(): SightlineError {
  return new CancelledError('the report was cancelled; no file was written');
}
