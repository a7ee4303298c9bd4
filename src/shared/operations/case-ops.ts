import { z } from 'zod';
import { appInfoSchema, startCaseSchema, caseIdSchema, caseSummarySchema, fileImportResultSchema, importProgressSchema, importRecordSchema, importSourceSchema, csvMappingSchema, fileIdSchema, filePreviewSchema, joinSummarySchema, mappingProfileSchema, quarantineRowSchema, telemetryFormatSchema } from '../types.js';
import { waitingSecondsSchema } from '../job-progress.js';
import { caseRef, op } from './op.js';

/** Cases, imports, mapping profiles, file grants and jobs. */
export const caseOps = {
  getAppInfo: op({
    summary: 'Version, data home, the import formats, and what the engine is still preparing (it starts the demo case on first start, and answers without waiting for it).',
    input: z.object({}),
    output: appInfoSchema,
  }),
  getStartCase: op({
    summary: 'The case to open at start: the last one opened, else the demo case (waits for its first build).',
    input: z.object({}),
    output: startCaseSchema,
  }),
  listCases: op({
    summary: 'All cases in the data home, newest first.',
    input: z.object({}),
    output: z.array(caseSummarySchema),
  }),
  createCase: op({
    summary: 'Create an empty case.',
    input: z.object({ name: z.string().trim().min(1).max(120) }),
    output: caseSummarySchema,
  }),
  deleteCase: op({
    heavy: true,
    summary:
      'Delete a case: its file and everything in it (imports, findings, notes). Waits its turn behind the import, analysis or report writing to it; the data home forgets it as the last case opened (and as the demo case, which is not built again).',
    input: z.object({
      caseId: caseIdSchema,
      /** Only when it holds no imported file (a case created for an import that brought nothing in); else `deleted: false`. */
      ifEmpty: z.boolean().default(false),
    }),
    output: z.object({ deleted: z.boolean() }),
    progress: z.object({ waitingSeconds: waitingSecondsSchema }),
  }),
  openCase: op({
    summary: 'Open a case (migrating it if needed) and remember it as the last one opened.',
    input: caseRef,
    output: caseSummarySchema,
  }),
  importFiles: op({
    heavy: true,
    summary:
      'Import telemetry files into a case (each file whole or not at all; unreadable records quarantined), then join endpoint events with sensor flows of the same connection.',
    input: z.object({
      caseId: caseIdSchema,
      sources: z.array(importSourceSchema).min(1).max(1000),
      /** Read every file as this format instead of recognising it from its content. */
      format: telemetryFormatSchema.optional(),
      /** A generic CSV/TSV export's column mapping (format csv-mapped). */
      mapping: csvMappingSchema.optional(),
      /** IANA time zone of timestamps written without an offset. */
      timezone: z.string().min(1).max(64).default('UTC'),
      /** How far apart an endpoint event and a flow of the same 5-tuple may be (clock skew, flow start vs. connect). */
      joinToleranceSeconds: z.number().min(0).max(3600).default(120),
    }),
    output: z.object({ files: z.array(fileImportResultSchema), join: joinSummarySchema }),
    progress: importProgressSchema,
  }),
  previewFile: op({
    summary: 'The first rows of a file, its recognised format, and for CSV/TSV a proposed column mapping (the import wizard).',
    input: z.object({
      source: importSourceSchema,
      delimiter: z.enum([',', '\t', ';', '|']).optional(),
      header: z.boolean().optional(),
      rows: z.number().int().min(1).max(200).default(20),
    }),
    output: filePreviewSchema,
  }),
  deleteImport: op({
    heavy: true,
    summary: 'Remove one imported file from a case: its connections, process and file creations, DNS answers, alerts and quarantined records; joins with it are undone.',
    input: z.object({ caseId: caseIdSchema, importId: z.number().int().min(1) }),
    output: z.object({ deleted: z.boolean(), events: z.number().int() }),
  }),
  listQuarantine: op({
    summary: 'Records of a case that could not be read, with file, line, reason and raw text.',
    input: z.object({ caseId: caseIdSchema, importId: z.number().int().optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.object({ total: z.number().int(), rows: z.array(quarantineRowSchema) }),
  }),
  listMappingProfiles: op({
    summary: 'Saved CSV column mappings.',
    input: z.object({}),
    output: z.array(mappingProfileSchema),
  }),
  saveMappingProfile: op({
    summary: 'Save (or replace) a CSV column mapping under a name.',
    input: mappingProfileSchema.omit({ updatedAt: true }),
    output: mappingProfileSchema,
  }),
  deleteMappingProfile: op({
    summary: 'Delete a saved CSV column mapping.',
    input: z.object({ name: z.string().min(1).max(120) }),
    output: z.object({ deleted: z.boolean() }),
  }),
  releaseFiles: op({
    summary: 'Give back files the host granted and no longer needed (a file taken out of the import dialog): uploaded copies are deleted.',
    input: z.object({ fileIds: z.array(fileIdSchema).max(1000) }),
    output: z.object({ released: z.number().int() }),
  }),
  cancelJob: op({
    summary: 'Cancel a running job by the id its caller gave it.',
    input: z.object({ jobId: z.string().min(1).max(64) }),
    output: z.object({ cancelled: z.boolean() }),
  }),
  listImports: op({
    summary: 'Files imported into a case.',
    input: caseRef,
    output: z.array(importRecordSchema),
  }),
};
