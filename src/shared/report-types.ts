import { z } from 'zod';
import { caseVerdictSchema, findingSchema, scoreCombinationSchema, type Finding } from './analysis-types.js';
import { bytesPerDaySchema, destinationDetailsSchema, intervalHistogramSchema, processDetailsSchema } from './entity-details-types.js';
import { timelineSchema } from './graph-view-types.js';
import { noteSchema } from './notes-types.js';
import { waitingSecondsSchema } from './job-progress.js';
import { caseIdSchema, importRecordSchema, processLineageSchema } from './types.js';

/**
 * A report of a case: what the analyst hands over. One document
 * (`ReportDocument`, gathered by the engine once) written in every format:
 * HTML and PDF for people, CSV for spreadsheets, JSON (this schema, versioned)
 * for tools, STIX 2.1 and MISP for threat-intel platforms.
 */
export const reportFormats = {
  html: { extension: 'html', label: 'HTML (one self-contained file)' },
  pdf: { extension: 'pdf', label: 'PDF' },
  csv: { extension: 'csv', label: 'CSV of findings' },
  connections: { extension: 'csv', label: 'CSV of enriched connections' },
  json: { extension: 'json', label: 'JSON (sightline-report v1)' },
  stix: { extension: 'json', label: 'STIX 2.1 bundle' },
  misp: { extension: 'json', label: 'MISP event' },
} as const;
export type ReportFormat = keyof typeof reportFormats;
export const reportFormatSchema = z.enum(Object.keys(reportFormats) as [ReportFormat, ...ReportFormat[]]);

/** Traffic Light Protocol 2.0 labels; STIX 2.1's schema knows TLP 1.0 only, so CLEAR is written as WHITE there. */
export const tlpLevels = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const tlpSchema = z.enum(tlpLevels);
export type Tlp = z.infer<typeof tlpSchema>;
/** TLP 2.0's colours (FIRST's specification: the label in this colour on black). */
export const tlpColours: Record<Tlp, string> = { clear: '#FFFFFF', green: '#33FF00', amber: '#FFC000', 'amber+strict': '#FFC000', red: '#FF2B2B' };
/** The marking as it is written: "TLP:AMBER+STRICT". */
export function tlpLabel(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

export const reportSections = ['summary', 'findings', 'graph', 'appendix'] as const;
export const reportSectionSchema = z.enum(reportSections);
export type ReportSection = z.infer<typeof reportSectionSchema>;

/** The least score a finding needs to be in a report by default: severity "low" (RITA's 0.7). */
export const DEFAULT_REPORT_MIN_SCORE = 0.7;
/**
 * Whether a finding is in a report by default (no ids named): it scores
 * `minScore` or more or the analyst called it malicious, and the analyst did
 * not mark it "ignore". The engine selects by it (core/report/select-findings.ts),
 * the report builder counts by it as the analyst moves the threshold.
 */
export function inDefaultReport(f: Pick<Finding, 'score' | 'verdict'>, minScore: number): boolean {
  return f.verdict !== 'ignore' && (f.score >= minScore || f.verdict === 'malicious');
}

/** More findings than this make a report nobody reads; a bigger selection is refused with a clear error. */
export const MAX_REPORT_FINDINGS = 2_000;

/** What the analyst asks for (the report builder, `sightline report`). */
export const reportOptionsSchema = z.object({
  caseId: caseIdSchema,
  title: z.string().trim().max(200).optional(),
  analyst: z.string().trim().max(200).optional(),
  tlp: tlpSchema.default('amber'),
  /**
   * Which findings: these ids of the latest analysis, or else every finding
   * at or above minScore and every one with a "malicious" verdict (confirmed).
   */
  findingIds: z.array(z.number().int()).max(MAX_REPORT_FINDINGS).optional(),
  /**
   * The analysis run the findings were chosen from (AnalysisRun.id, as
   * listFindings gives it): refused when the case has been analysed again
   * since, so a choice made before another run is never applied to it.
   */
  runId: z.number().int().positive().optional(),
  minScore: z.number().min(0).max(1).default(DEFAULT_REPORT_MIN_SCORE),
  sections: z.array(reportSectionSchema).min(1).default([...reportSections]),
  /** The graph as the analyst sees it (the UI's SVG export); without it, a deterministic layout of the findings' neighbourhood. */
  graphSvg: z.string().max(20_000_000).optional(),
});
export type ReportOptions = z.input<typeof reportOptionsSchema>;

/**
 * The analyst's verdict on a finding's unit as they set it (sightline verdict,
 * the findings list): the verdict, the note they gave with it, when, and on
 * what (a verdict on a destination alone covers every host reaching it).
 */
export const reportVerdictSchema = z.object({
  verdict: caseVerdictSchema,
  /** As typed (hostile like any text: escape it). */
  note: z.string().nullable(),
  /** ISO 8601 UTC. */
  setAt: z.string(),
  /** What the verdict names; null: any. */
  on: z.object({ host: z.string().nullable(), process: z.string().nullable(), dst: z.string().nullable() }),
});
export type ReportVerdict = z.infer<typeof reportVerdictSchema>;

/** One finding as reported: the finding, the chain behind it, the evidence and what the analyst wrote. */
export const reportFindingSchema = z.object({
  finding: findingSchema,
  /** One sentence for the summary ("ws-17's rundll32.exe beaconed to 203.0.113.45:443 every 60 s for 3 days"). */
  sentence: z.string(),
  combination: scoreCombinationSchema.nullable(),
  /** host → process → destination: the process's details and lineage (null for sensor flows without a process). */
  process: processDetailsSchema.nullable(),
  lineage: processLineageSchema.nullable(),
  destination: destinationDetailsSchema.nullable(),
  charts: z.object({
    timeline: timelineSchema.nullable(),
    intervals: intervalHistogramSchema.nullable(),
    bytesPerDay: bytesPerDaySchema.nullable(),
  }),
  /** The verdict that stands on the finding's unit now (the one `finding.verdict` names), or null. Added to v1 later: older documents lack it (read as null). */
  verdict: reportVerdictSchema.nullable(),
  notes: z.array(noteSchema),
  tags: z.array(z.string()),
});
export type ReportFinding = z.infer<typeof reportFindingSchema>;

export const REPORT_SCHEMA = 'sightline-report';
export const REPORT_SCHEMA_VERSION = 1;

export const reportDocumentSchema = z.object({
  schema: z.literal(REPORT_SCHEMA),
  version: z.literal(REPORT_SCHEMA_VERSION),
  /** ISO 8601 UTC. */
  generatedAt: z.string(),
  sightlineVersion: z.string(),
  title: z.string(),
  analyst: z.string().nullable(),
  tlp: tlpSchema,
  case: z.object({ id: z.string(), name: z.string(), createdAt: z.string().nullable() }),
  selection: z.object({ minScore: z.number(), findingIds: z.array(z.number().int()).nullable(), sections: z.array(reportSectionSchema) }),
  summary: z.object({
    findings: z.number().int(),
    bySeverity: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int(), info: z.number().int(), none: z.number().int() }),
    hosts: z.array(z.string()),
    processes: z.array(z.string()),
    destinations: z.array(z.string()),
    /** The reported findings' span (ISO), null without findings. */
    span: z.object({ first: z.string(), last: z.string() }).nullable(),
  }),
  findings: z.array(reportFindingSchema),
  /** Notes on the case's nodes that are not about a reported finding's unit. */
  notes: z.array(noteSchema),
  appendix: z.object({
    inputs: z.array(importRecordSchema),
    join: z.object({ endpointEvents: z.number().int(), endpointMatched: z.number().int(), flowEvents: z.number().int(), flowMatched: z.number().int() }),
    intelSources: z.array(z.object({ name: z.string(), kind: z.string(), trust: z.number(), lastSyncAt: z.string().nullable(), indicators: z.number().int() })),
    analysis: z
      .object({ runId: z.number().int(), startedAt: z.string(), stale: z.boolean(), staleBecause: z.string().nullable(), window: z.object({ start: z.string(), end: z.string(), baselineEnd: z.string() }).nullable(), parameters: z.unknown() })
      .nullable(),
  }),
});
export type ReportDocument = z.infer<typeof reportDocumentSchema>;

/** The report operation (`exportReport`, heavy): the options, the format, and where to write. */
export const reportExportInputSchema = reportOptionsSchema.extend({
  format: reportFormatSchema,
});
export const reportExportOutputSchema = z.object({
  /** The name of the file written. */
  file: z.string(),
  format: reportFormatSchema,
  /** Findings in the report (rows for the connections CSV). */
  records: z.number().int(),
  sha256: z.string(),
});

/** The report's progress: waiting for the case's imports and analyses to finish, gathering the document, writing the file; the step's share done. */
export const reportProgressSchema = z.object({
  step: z.enum(['waiting', 'gathering', 'writing']),
  fraction: z.number(),
  waitingSeconds: waitingSecondsSchema,
});
export type ReportProgress = z.infer<typeof reportProgressSchema>;

/** The name a report is offered under: the case, the day, the format's extension. */
export function reportFileName(caseName: string, format: ReportFormat, at: number): string {
  const safe = caseName.normalize('NFKC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '').slice(0, 60) || 'case';
  return `sightline-report-${safe}-${new Date(at).toISOString().slice(0, 10)}.${reportFormats[format].extension}`;
}
