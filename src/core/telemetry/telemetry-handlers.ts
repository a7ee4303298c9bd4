import type Database from 'better-sqlite3';
import type { Handlers } from '../../shared/dispatch.js';
import type { FileImportResult, ImportProgress, ImportSource } from '../../shared/types.js';
import type { EngineServices } from '../engine-services.js';
import type { GrantedFiles } from '../files/index.js';
import { sourceName } from '../import-each-source.js';
import { importSources } from '../import-sources.js';
import { deleteImport } from './delete-import.js';
import { joinConnections } from './join.js';
import { listImports } from './list-imports.js';
import { previewFile } from './preview-file.js';
import { listQuarantine } from './quarantine.js';

type TelemetryHandlers = Pick<
  Handlers,
  'importFiles' | 'previewFile' | 'deleteImport' | 'listQuarantine' | 'listImports' | 'listMappingProfiles' | 'saveMappingProfile' | 'deleteMappingProfile'
>;

/** The join tolerance when no import is asking (after removing one); the contract's default for importFiles. */
const DEFAULT_JOIN_TOLERANCE_MS = 120_000;

/** The telemetry operations: imports into a case (each in the case's write turn), their removal, previews, quarantine, CSV mappings. */
export function createTelemetryHandlers(s: EngineServices): TelemetryHandlers {
  return {
    importFiles: ({ caseId, sources, format, mapping, timezone, joinToleranceSeconds }, ctx) => {
      const target = s.cases.summary(caseId);
      const waiting = (ms: number) => ctx.progress({ ...waitingProgress(s.files, sources), waitingSeconds: Math.floor(ms / 1000) });
      return s.writeCase(target, { signal: ctx.signal, onWait: waiting }, async () => {
        const files = await importSources(sources, {
          connection: () => s.cases.openImportConnection(caseId),
          files: s.files,
          signal: ctx.signal,
          progress: ctx.progress,
          format,
          mapping,
          timezone,
        });
        return s.withImportConnection(caseId, (db) => {
          // A cancelled import leaves the case as it was: the files this job finished before the cancel go too.
          const results = ctx.signal.aborted ? files.map((f) => rollBack(db, f)) : files;
          return { files: results, join: joinConnections(db, joinToleranceSeconds * 1000) };
        });
      });
    },
    previewFile: async ({ source, delimiter, header, rows }) => {
      const { file, name } = s.files.read(source.fileId);
      return previewFile(file, name, { delimiter, header, rows });
    },
    deleteImport: ({ caseId, importId }, ctx) =>
      s.writeCase(s.cases.summary(caseId), { signal: ctx.signal }, async () =>
        s.withImportConnection(caseId, (db) => {
          const result = deleteImport(db, importId);
          if (result.deleted) joinConnections(db, DEFAULT_JOIN_TOLERANCE_MS);
          return result;
        }),
      ),
    listQuarantine: ({ caseId, importId, offset, limit }) => listQuarantine(s.cases.open(caseId), { importId, offset, limit }),
    listImports: ({ caseId }) => listImports(s.cases.open(caseId)),
    listMappingProfiles: () => s.mappingProfiles.list(),
    saveMappingProfile: (profile) => s.writeHome(() => s.mappingProfiles.save(profile)),
    deleteMappingProfile: ({ name }) => s.writeHome(() => ({ deleted: s.mappingProfiles.delete(name) })),
  };
}

/** A file this job imported, removed again because the job was cancelled. */
function rollBack(db: Database.Database, f: FileImportResult): FileImportResult {
  if (f.status !== 'imported' || f.importId === undefined) return f;
  deleteImport(db, f.importId);
  return { file: f.file, status: 'cancelled', format: f.format, events: 0, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0, error: 'imported, then removed again: the import was cancelled' };
}

/** An import's progress while it waits its turn: the first file, nothing read yet. */
function waitingProgress(files: GrantedFiles, sources: readonly ImportSource[]): ImportProgress {
  return { file: sourceName(files, sources, 0), fileIndex: 0, fileCount: sources.length, bytesRead: 0, bytesTotal: 0, rows: 0, quarantined: 0, rowsPerSecond: 0, etaSeconds: null };
}
