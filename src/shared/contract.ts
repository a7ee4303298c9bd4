import { z } from 'zod';
import { intelExportFormats, type IntelExportFormat } from './export-names.js';
import { MAX_NODE_ID_CHARS } from './name-bounds.js';
import {
  appInfoSchema,
  startCaseSchema,
  caseIdSchema,
  caseSummarySchema,
  fileImportResultSchema,
  importProgressSchema,
  importRecordSchema,
  importSourceSchema,
  indicatorTypeSchema,
  intelFileResultSchema,
  intelIndicatorQuerySchema,
  intelIndicatorRowSchema,
  intelLookupSchema,
  intelSightingSchema,
  intelSourceSchema,
  intelStatsSchema,
  sourceKinds,
  syncOutcomeSchema,
  syncProgressSchema,
  verdictSchema,
  decayModelSchema,
  csvMappingSchema,
  fileIdSchema,
  fileRefSchema,
  filePreviewSchema,
  joinSummarySchema,
  mappingProfileSchema,
  quarantineRowSchema,
  telemetryFormatSchema,
} from './types.js';
import { waitingSecondsSchema } from './job-progress.js';
import { MAX_TAGS_PER_TARGET, noteBodySchema, noteSchema, notesListSchema, notesQuerySchema, noteTargetSchema, tagCountSchema, taggedSchema, tagSchema } from './notes-types.js';
import { graphViewQuerySchema, graphViewSchema, timelineQuerySchema, timelineSchema } from './graph-view-types.js';
import { entityDetailsSchema, nodeLinkKinds, nodeLinkPageSchema, whereSeenSchema } from './entity-details-types.js';
import { reportExportInputSchema, reportExportOutputSchema, reportProgressSchema } from './report-types.js';
import { allowlistRuleInputSchema, allowlistRuleSchema, analysisRunSchema, analyzeProgressSchema, caseVerdictSchema, findingSchema, findingsQuerySchema } from './analysis-types.js';

const HOSTNAME = '([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const MASTODON_ACCOUNT = new RegExp(`^@?[A-Za-z0-9_]+([.-]+[A-Za-z0-9_]+)*@${HOSTNAME}$`);
const BLUESKY_HANDLE = new RegExp(`^@?${HOSTNAME}$`);

/**
 * The one API contract. Every operation is declared here once; Electron IPC,
 * the browser host's HTTP routes, the renderer's client and the contract test
 * are all derived from this object. Adding an operation = one entry here plus
 * its handler in `src/core/engine.ts` (or a domain module it composes).
 *
 * `progress`, when present, makes the operation a job: it may stream progress
 * events, and it can be cancelled by its caller.
 *
 * `heavy: true` marks the operations that write or scan a lot (imports,
 * removals, analysis, intel imports, syncs and exports): the engine runs
 * them in its job worker thread, never on the thread that serves the UI
 * (core/jobs/job-thread.ts). Everything else answers on the serving thread.
 */
export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, P extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly input: I;
  readonly output: O;
  readonly progress?: P;
  readonly summary: string;
  /** Runs in the engine's job worker, off the serving thread (see above). */
  readonly heavy?: true;
}

function op<I extends z.ZodType, O extends z.ZodType, P extends z.ZodType | undefined = undefined>(spec: OperationSpec<I, O, P>) {
  return spec;
}

const caseRef = z.object({ caseId: caseIdSchema });

export const contract = {
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
  getGraphView: op({
    // 0.3–1.3 s on a 1M-connection case (one GROUP BY over every unit): more than the serving thread may be held.
    heavy: true,
    summary:
      'The investigation graph of a case: every destination with a finding drawn on its own, the busiest others up to the budget, the rest folded into groups with counts; one node per machine; edges as columns.',
    input: graphViewQuerySchema,
    output: graphViewSchema,
  }),
  getTimeline: op({
    // A whole-case timeline walks every connection's index entry (0.4–1.1 s at 1M).
    heavy: true,
    summary: 'Connections per time bin (count, bytes, those with a finding) over a case, one node or one edge, under the graph\'s filters.',
    input: timelineQuerySchema,
    output: timelineSchema,
  }),
  getEntityDetails: op({
    summary: 'Facts and recent connections of one graph node.',
    input: z.object({ caseId: caseIdSchema, nodeId: z.string().min(1).max(MAX_NODE_ID_CHARS), limit: z.number().int().min(1).max(1000).default(50) }),
    output: entityDetailsSchema,
  }),
  listNodeLinks: op({
    summary: 'One page of a node\'s neighbours, busiest first: a host\'s processes or destinations, a process\'s destinations, or the hosts and processes that reached a destination (sources); searchable.',
    input: z.object({
      caseId: caseIdSchema,
      nodeId: z.string().min(1).max(MAX_NODE_ID_CHARS),
      links: z.enum(nodeLinkKinds),
      /** Substring of the process path, destination address or host name. */
      search: z.string().max(200).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(25),
    }),
    output: nodeLinkPageSchema,
  }),
  intelWhereSeen: op({
    heavy: true,
    summary: 'Where an indicator was seen: in every case of the data home, the destinations (by address, network, DNS name or URL host) and processes (by hash) that carry it, with their connections.',
    input: z.object({
      type: indicatorTypeSchema,
      value: z.string().min(1).max(2000),
      /** Nodes listed per case. */
      limit: z.number().int().min(1).max(200).default(20),
    }),
    output: whereSeenSchema,
  }),
  intelImport: op({
    heavy: true,
    summary: 'Import intel files (TweetFeed CSV, STIX 2.1, MISP event or feed, plain lists, saved X API responses, X archives, Sightline bundles); each file is stored whole or not at all.',
    input: z.object({
      sources: z.array(importSourceSchema).min(1).max(1000),
      format: z.enum(['bundle', 'tweetfeed-csv', 'stix21', 'misp-event', 'misp-feed', 'misp-csv', 'plain-list', 'x-api-json', 'x-archive']).optional(),
      /** Plain CSV lists: the indicator column, by 0-based index or header name. */
      column: z.union([z.number().int().min(0), z.string().min(1).max(100)]).optional(),
    }),
    output: z.object({ files: z.array(intelFileResultSchema) }),
    progress: z.object({ file: z.string(), fileIndex: z.number().int(), fileCount: z.number().int(), records: z.number().int(), waitingSeconds: waitingSecondsSchema }),
  }),
  intelExport: op({
    heavy: true,
    summary:
      'Write the IoC store to a file: an offline bundle (everything, verifiable, for air-gapped machines) or CSV / STIX 2.1 / MISP (active indicators). Into the save target the host granted (`target`), or, without one, into a download the browser host serves once.',
    input: z.object({
      format: z.enum(Object.keys(intelExportFormats) as [IntelExportFormat, ...IntelExportFormat[]]),
      /** A file the user chose to save to (desktop save dialog, the CLI's --out). */
      target: importSourceSchema.optional(),
      includeExpired: z.boolean().default(false),
    }).strict(),
    output: z.object({
      /** The name of the file written. */
      file: z.string(),
      format: z.string(),
      records: z.number().int(),
      sha256: z.string().nullable(),
      /** Without a target: the file to fetch from the browser host (GET /api/download/<fileId>). */
      download: fileRefSchema.nullable(),
    }),
  }),
  intelSync: op({
    heavy: true,
    summary: 'Fetch new posts from the syncable sources (X accounts and searches, Mastodon and Bluesky accounts), or the one named; waits out short rate limits with a countdown.',
    input: z.object({ source: z.string().max(200).optional(), maxWaitSeconds: z.number().int().min(0).max(3600).default(900) }),
    output: z.object({ sources: z.array(syncOutcomeSchema) }),
    progress: syncProgressSchema,
  }),
  intelAddSource: op({
    summary: 'Add an X account (by username), a saved X recent-search query, a Mastodon account (user@instance) or a Bluesky account (handle) as a source.',
    input: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal(sourceKinds[0]), username: z.string().regex(/^@?[A-Za-z0-9_]{1,15}$/, 'an X username: letters, digits, _'), trust: z.number().min(0).max(1).optional() }).strict(),
      z.object({ kind: z.literal(sourceKinds[1]), query: z.string().min(1).max(512), name: z.string().min(1).max(100).optional(), trust: z.number().min(0).max(1).optional() }).strict(),
      z.object({ kind: z.literal(sourceKinds[2]), account: z.string().max(300).regex(MASTODON_ACCOUNT, 'a Mastodon address: user@instance.social'), trust: z.number().min(0).max(1).optional() }).strict(),
      z.object({ kind: z.literal(sourceKinds[3]), handle: z.string().max(254).regex(BLUESKY_HANDLE, 'a Bluesky handle: name.bsky.social'), trust: z.number().min(0).max(1).optional() }).strict(),
    ]),
    output: intelSourceSchema,
  }),
  intelSetSource: op({
    summary: 'Enable or disable a source, or change how much it is trusted (0..1).',
    input: z.object({ name: z.string().min(1).max(200), enabled: z.boolean().optional(), trust: z.number().min(0).max(1).optional() }),
    output: intelSourceSchema,
  }),
  intelSetXToken: op({
    summary: 'Store (or clear, with null) the X API bearer token: Electron safeStorage on desktop, an owner-only file elsewhere.',
    input: z.object({ token: z.string().trim().min(20).max(2000).nullable() }),
    output: z.object({ stored: z.boolean(), where: z.string() }),
  }),
  intelDecay: op({
    summary: 'The decay model (τ per type, δ); with `set`, change it (kept in the data home). `reset` restores the defaults.',
    input: z.object({ set: decayModelSchema.partial().extend({ tauDays: decayModelSchema.shape.tauDays.partial().optional() }).optional(), reset: z.boolean().optional() }),
    output: decayModelSchema,
  }),
  intelLookup: op({
    summary: 'Look values up in the IoC store: score, sources, first/last seen, and for IPs the CIDRs that contain them; with `at`, as of that time from what was known then.',
    input: z.object({
      values: z.array(z.string().min(1).max(2000)).min(1).max(10000),
      /** ISO 8601 time (with a zone or Z) to take the scores at, from the sightings posted by then; now when absent. */
      at: z.iso.datetime({ offset: true }).optional(),
    }),
    output: z.array(intelLookupSchema),
  }),
  intelStats: op({
    summary: 'Counts of the IoC store: by type, active and expired, verdicts.',
    input: z.object({}),
    output: intelStatsSchema,
  }),
  intelSources: op({
    summary: 'Intel sources with their state, last sync and counts.',
    input: z.object({}),
    output: z.array(intelSourceSchema),
  }),
  intelIndicators: op({
    summary: 'One page of indicators, filtered, newest first or by score.',
    input: intelIndicatorQuerySchema,
    output: z.object({ total: z.number().int(), rows: z.array(intelIndicatorRowSchema) }),
  }),
  intelSightings: op({
    summary: 'Provenance of one indicator: every sighting with its source, post and text.',
    input: z.object({ type: indicatorTypeSchema, value: z.string().min(1).max(2000), limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.array(intelSightingSchema),
  }),
  intelSetVerdict: op({
    summary: 'Mark an indicator false positive or confirmed (null clears); kept across re-syncs and bundles.',
    input: z.object({ type: indicatorTypeSchema, value: z.string().min(1).max(2000), verdict: verdictSchema.nullable(), note: z.string().max(2000).optional() }),
    output: intelLookupSchema,
  }),
  intelSetAllowlisted: op({
    summary: 'Put a value on (or take it off) the allowlist: never matched, whatever the feeds say.',
    input: z.object({ type: indicatorTypeSchema, value: z.string().min(1).max(2000), allowlisted: z.boolean(), note: z.string().max(2000).optional() }),
    output: intelLookupSchema,
  }),
  analyzeCase: op({
    heavy: true,
    summary: 'Analyse a case: every detector, the IoC store and the process judgements over its connections; stores ranked findings, replacing the previous ones.',
    input: z.object({
      caseId: caseIdSchema,
      /** Where the baseline ("what is normal") ends, instead of the default (analysis/baseline.ts); kept within the case's span. */
      baselineUntil: z.iso.datetime({ offset: true }).optional(),
    }),
    output: z.object({ run: analysisRunSchema, findings: z.number().int() }),
    progress: analyzeProgressSchema,
  }),
  exportReport: op({
    heavy: true,
    summary:
      'Write a report of a case (HTML, PDF, CSV of findings or of connections, JSON, STIX 2.1, MISP): the selected findings (these ids, or every one at or above minScore and every one called malicious) with their chain, evidence, intel and notes. Into the save target the host granted (`target`), or, without one, into a download the browser host serves once.',
    input: reportExportInputSchema.extend({
      /** A file the user chose to save to (desktop save dialog, the CLI's --out). */
      target: importSourceSchema.optional(),
    }).strict(),
    output: reportExportOutputSchema.extend({
      /** Without a target: the file to fetch from the browser host (GET /api/download/<fileId>). */
      download: fileRefSchema.nullable(),
    }),
    progress: reportProgressSchema,
  }),
  listFindings: op({
    summary: 'Findings of the latest analysis, highest score first, with whether they are stale and the analyst\'s verdicts.',
    input: findingsQuerySchema,
    output: z.object({
      run: analysisRunSchema.nullable(),
      findings: z.array(findingSchema),
      total: z.number().int(),
      /** Of the findings the filter selects, how many at each severity (ignored ones left out unless asked). */
      bySeverity: z.object({ info: z.number().int(), low: z.number().int(), medium: z.number().int(), high: z.number().int() }),
    }),
  }),
  setCaseVerdict: op({
    summary: 'The analyst\'s verdict (benign, malicious, ignore) on the connections of a host, a process and/or a destination; "clear" takes it back. Re-scored at the next analysis.',
    input: z
      .object({
        caseId: caseIdSchema,
        host: z.string().min(1).max(300).optional(),
        process: z.string().min(1).max(40_000).optional(),
        dst: z.string().min(1).max(64).optional(),
        verdict: z.union([caseVerdictSchema, z.literal('clear')]),
        note: z.string().max(2000).optional(),
      })
      .refine((v) => v.host !== undefined || v.process !== undefined || v.dst !== undefined, { message: 'name at least one of host, process and dst' }),
    output: z.object({ verdicts: z.number().int() }),
  }),
  listAllowlistRules: op({
    summary: 'The case\'s allowlist rules.',
    input: caseRef,
    output: z.array(allowlistRuleSchema),
  }),
  addAllowlistRule: op({
    summary: 'Allowlist a process talking to a destination, a network (CIDR) or a domain in this case: its findings score 0 and say why.',
    input: z.object({ caseId: caseIdSchema, rule: allowlistRuleInputSchema }),
    output: allowlistRuleSchema,
  }),
  removeAllowlistRule: op({
    summary: 'Remove an allowlist rule of the case.',
    input: z.object({ caseId: caseIdSchema, id: z.number().int() }),
    output: z.object({ removed: z.boolean() }),
  }),
  listNotes: op({
    summary: 'The analyst\'s notes (newest first) and tags: of one node or finding, found by words and tags (`search`), or all of the case.',
    input: notesQuerySchema,
    output: notesListSchema,
  }),
  addNote: op({
    summary: 'Write a note (Markdown, shown as text) on a node or a finding. Kept in the case file; changes no score.',
    input: z.object({ caseId: caseIdSchema, target: noteTargetSchema, body: noteBodySchema }),
    output: noteSchema,
  }),
  updateNote: op({
    summary: 'Change a note\'s text; its edit time moves, its creation time stays.',
    input: z.object({ caseId: caseIdSchema, id: z.number().int(), body: noteBodySchema }),
    output: noteSchema,
  }),
  deleteNote: op({
    summary: 'Delete a note.',
    input: z.object({ caseId: caseIdSchema, id: z.number().int() }),
    output: z.object({ deleted: z.number().int() }),
  }),
  setTags: op({
    summary: 'Replace the tags of a node or a finding (an empty list removes them); tags differing only in letter case are one.',
    input: z.object({ caseId: caseIdSchema, target: noteTargetSchema, tags: z.array(tagSchema).max(MAX_TAGS_PER_TARGET, `at most ${MAX_TAGS_PER_TARGET} tags on one target`) }),
    output: taggedSchema,
  }),
  listTags: op({
    summary: 'Every tag of the case with on how many nodes and findings it is, most used first.',
    input: caseRef,
    output: z.array(tagCountSchema),
  }),
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export const operationNames = Object.keys(contract) as OperationName[];

export type InputOf<N extends OperationName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends OperationName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends OperationName> = z.output<Contract[N]['output']>;
export type ProgressOf<N extends OperationName> = NonNullable<Contract[N]['progress']> extends infer P extends z.ZodType ? z.output<P> : never;

export function isJob(name: OperationName): boolean {
  return contract[name].progress !== undefined;
}

/** Whether the operation runs in the engine's job worker (`heavy` in its entry). */
export function isHeavy(name: OperationName): boolean {
  return (contract[name] as OperationSpec).heavy === true;
}

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
