import { z } from 'zod';
import { caseIdSchema, importSourceSchema, fileRefSchema } from '../types.js';
import { MAX_TAGS_PER_TARGET, noteBodySchema, noteSchema, notesListSchema, notesQuerySchema, noteTargetSchema, tagCountSchema, taggedSchema, tagSchema } from '../notes-types.js';
import { reportExportInputSchema, reportExportOutputSchema, reportProgressSchema } from '../report-types.js';
import { allowlistRuleInputSchema, allowlistRuleSchema, analysisRunSchema, analyzeProgressSchema, caseVerdictSchema, findingSchema, findingsQuerySchema } from '../analysis-types.js';
import { caseRef, op } from './op.js';

/** Analysis, findings, the analyst's verdicts, allowlist rules, notes and tags, and reports. */
export const analysisOps = {
  analyzeCase: op({
    heavy: true,
    summary: 'Analyse a case: every detector, the IoC store and the process judgements over its connections; stores ranked findings, replacing the previous ones.',
    input: z.object({
      caseId: caseIdSchema,
      /**
       * Where the baseline ("what is normal") ends, instead of the default (analysis/baseline.ts); kept within the
       * case's span. Kept as the case's setting once the analysis is stored: later analyses without it use it too.
       * null: back to the default. Absent: the case's setting, if any.
       */
      baselineUntil: z.iso.datetime({ offset: true }).nullable().optional(),
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
};
