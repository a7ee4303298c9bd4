import { z } from 'zod';
import { MAX_NODE_ID_CHARS } from './name-bounds.js';
import { findingNotesSchema } from './notes-types.js';
import { caseIdSchema } from './types.js';

/** The kinds of evidence behind a finding, in the order findings list them; one word each, as `analyze --json` prints them. */
export const evidenceKinds = [
  'ioc',
  'hash',
  'alert',
  'process',
  'beacon',
  'long-connection',
  'volume',
  'burst',
  'new-destination',
  'rare-destination',
  'new-country',
  'new-as',
  'unusual-port',
  'service-misuse',
  /** Modifiers: how many hosts reach the destination, the analyst's verdict, what was set aside and why. */
  'prevalence',
  'known-benign',
  'verdict',
  'suppressed',
  /** A program that fetched a large download from one address in its first seconds (a stager); last so stored kind bits keep their meaning. */
  'early-download',
] as const;
export const evidenceKindSchema = z.enum(evidenceKinds);
export type EvidenceKind = z.infer<typeof evidenceKindSchema>;

export const severityLevelSchema = z.enum(['info', 'low', 'medium', 'high']);

/** A fact behind an explanation: numbers stay numbers so reports and the UI can show them their own way. */
export const factValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const explanationSchema = z.object({
  kind: evidenceKindSchema,
  /** This piece of evidence's own score in [0, 1]. */
  score: z.number(),
  text: z.string(),
  facts: z.record(z.string(), factValueSchema),
});
export type Explanation = z.infer<typeof explanationSchema>;

/** One piece of evidence in the sum that makes a finding's score (analysis/combine.ts). */
export const scoreStepSchema = z.object({
  kind: evidenceKindSchema,
  /** The explanation's own score. */
  score: z.number(),
  /** What its kind counts for here: 1 for reputation, less for behaviour towards a common or known-benign destination. */
  weight: z.number(),
  /** sets: the strongest piece sets the score; adds: closes part of the gap to 1; same-kind: a stronger piece of its kind counted instead. */
  role: z.enum(['sets', 'adds', 'same-kind']),
  /** The score after this step. */
  total: z.number(),
});
export type ScoreStep = z.infer<typeof scoreStepSchema>;

/** How a finding's score was reached, with the numbers. */
export const scoreCombinationSchema = z.object({
  /** Each further piece closes this share × its weighted score of the gap to 1. */
  corroboration: z.number(),
  /** The weight behavioural evidence got (prevalence, known-benign list, the program's own service multiplied). */
  behaviourWeight: z.number(),
  steps: z.array(scoreStepSchema),
  /** The score from the evidence, before the allowlist or a verdict. */
  fromEvidence: z.number(),
  /** What set the score afterwards: an allowlist rule or a benign verdict (0), a malicious verdict (1). */
  override: z.enum(['allowlist', 'benign', 'malicious']).nullable(),
  total: z.number(),
});
export type ScoreCombination = z.infer<typeof scoreCombinationSchema>;

export const caseVerdicts = ['benign', 'malicious', 'ignore'] as const;
export const caseVerdictSchema = z.enum(caseVerdicts);
export type CaseVerdict = z.infer<typeof caseVerdictSchema>;

export const findingSchema = z.object({
  id: z.number().int(),
  host: z.string(),
  /** The process image path; null when the connections have no process (sensor flows). */
  process: z.string().nullable(),
  dst: z.string(),
  /** The destination port the finding is about; null when it is about every port of the unit. */
  dport: z.number().int().nullable(),
  score: z.number(),
  severity: severityLevelSchema.nullable(),
  kinds: z.array(evidenceKindSchema),
  explanations: z.array(explanationSchema),
  events: z.number().int(),
  bytesOut: z.number(),
  bytesIn: z.number(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** The analyst's verdict on this unit, if any. */
  verdict: caseVerdictSchema.nullable(),
  /** How the score was reached from the explanations (at the analysis; a verdict set since shows in `verdict`). */
  combination: scoreCombinationSchema.optional(),
  /** The analyst's notes and tags on this finding and on its destination (listFindings fills it). */
  notes: findingNotesSchema.optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const analysisRunSchema = z.object({
  id: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  units: z.number().int(),
  findings: z.number().int(),
  /** True when the case or the IoC store changed since: the findings may no longer be right. */
  stale: z.boolean(),
  /** Why it is stale, in words ("2 imports since", "the IoC store changed"). */
  staleBecause: z.string().nullable(),
  /** The analysed span and where its baseline ends. */
  window: z.object({ start: z.string(), end: z.string(), baselineEnd: z.string() }).nullable(),
  /** The analyst's end of the baseline this run used (the case's setting, see analyzeCase), or null: the default one. */
  baselineUntil: z.string().nullable(),
  /**
   * Retro-hunt: reputation hits (IoC, hash) this run found that the previous run of the case did not,
   * e.g. after new intel arrived, with the evidence that caused them (at most 50).
   */
  newHits: z.array(z.object({ host: z.string(), process: z.string().nullable(), dst: z.string(), text: z.string() })),
});
export type AnalysisRun = z.infer<typeof analysisRunSchema>;

export const analyzeProgressSchema = z.object({
  /** The step running ("beacons", "IoC matches"…) and the share of the whole analysis done, in [0, 1]. */
  step: z.string(),
  fraction: z.number(),
});
export type AnalyzeProgress = z.infer<typeof analyzeProgressSchema>;

export const findingsQuerySchema = z.object({
  caseId: caseIdSchema,
  minScore: z.number().min(0).max(1).default(0),
  limit: z.number().int().min(1).max(10_000).default(500),
  offset: z.number().int().min(0).default(0),
  /** Only findings about this destination / host / process. */
  dst: z.string().max(64).optional(),
  host: z.string().max(300).optional(),
  process: z.string().max(40_000).optional(),
  /** Only findings about this graph node (details panel): a host's, a process's or a destination's. */
  nodeId: z.string().max(MAX_NODE_ID_CHARS).optional(),
  /** Include findings the analyst marked "ignore" (left out by default). */
  includeIgnored: z.boolean().default(false),
  /** Only findings whose host, process or destination holds this text, or with a note (by its words) or a tag (holding it) on them or their host, process or destination. */
  search: z.string().max(200).optional(),
});

export const allowlistRuleInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('process-destination'), process: z.string().min(1).max(40_000), value: z.string().min(1).max(255), note: z.string().max(2000).optional() }),
  z.object({ kind: z.literal('cidr'), value: z.string().min(2).max(64), note: z.string().max(2000).optional() }),
  z.object({ kind: z.literal('domain'), value: z.string().min(1).max(255), note: z.string().max(2000).optional() }),
]);
export type AllowlistRuleInput = z.infer<typeof allowlistRuleInputSchema>;

export const allowlistRuleSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['process-destination', 'cidr', 'domain']),
  process: z.string().nullable(),
  value: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type AllowlistRule = z.infer<typeof allowlistRuleSchema>;
