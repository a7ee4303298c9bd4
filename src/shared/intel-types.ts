import { z } from 'zod';
import { waitingSecondsSchema } from './job-progress.js';

/** The IoC store's plain data: what the intel operations of the contract take and return. */

/** Intel: the kinds of indicator stored and matched. */
export const indicatorTypes = ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'md5', 'sha1', 'sha256'] as const;
export const indicatorTypeSchema = z.enum(indicatorTypes);
export const verdictSchema = z.enum(['false-positive', 'confirmed']);
export type Verdict = z.infer<typeof verdictSchema>;

export const intelNetworkMatchSchema = z.object({
  cidr: z.string(),
  score: z.number(),
  expired: z.boolean(),
  sources: z.array(z.string()),
});

export const intelLookupSchema = z.object({
  /** The value as asked. */
  query: z.string(),
  type: indicatorTypeSchema.nullable(),
  /** Normalised; null when the query is not an indicator at all. */
  value: z.string().nullable(),
  found: z.boolean(),
  /** 0..100 after decay; 0 when expired or marked false positive. */
  score: z.number(),
  expired: z.boolean(),
  expiresAt: z.string().nullable(),
  sources: z.array(z.string()),
  sightings: z.number().int(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  labels: z.array(z.string()),
  verdict: verdictSchema.nullable(),
  allowlisted: z.boolean(),
  /** For IPs: the stored CIDRs that contain it. */
  networks: z.array(intelNetworkMatchSchema),
  /** Asked as of a past time (`at`): that time; scores, sources, sightings and last seen are then what was known by then. */
  at: z.string().optional(),
  /** Asked as of a past time, and first reported only after it: when (the score is then 0). */
  reportedAfter: z.string().optional(),
});
export type IntelLookup = z.infer<typeof intelLookupSchema>;

export const intelStatsSchema = z.object({
  indicators: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
  active: z.number().int(),
  expired: z.number().int(),
  sightings: z.number().int(),
  sources: z.number().int(),
  falsePositives: z.number().int(),
  confirmed: z.number().int(),
  allowlisted: z.number().int(),
});
export type IntelStats = z.infer<typeof intelStatsSchema>;

export const intelSourceSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.string(),
  trust: z.number(),
  enabled: z.boolean(),
  state: z.string(),
  stateDetail: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  nextAllowedAt: z.string().nullable(),
  indicators: z.number().int(),
  sightings: z.number().int(),
});
export type IntelSource = z.infer<typeof intelSourceSchema>;

export const intelIndicatorRowSchema = z.object({
  type: indicatorTypeSchema,
  value: z.string(),
  score: z.number(),
  expired: z.boolean(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  sourceCount: z.number().int(),
  labels: z.array(z.string()),
  verdict: verdictSchema.nullable(),
});
export type IntelIndicatorRow = z.infer<typeof intelIndicatorRowSchema>;

export const intelIndicatorQuerySchema = z.object({
  /** Substring of the value. */
  search: z.string().max(200).optional(),
  type: indicatorTypeSchema.optional(),
  source: z.string().max(200).optional(),
  label: z.string().max(64).optional(),
  minScore: z.number().min(0).max(100).optional(),
  /** Only indicators last seen within this many days. */
  maxAgeDays: z.number().positive().optional(),
  includeExpired: z.boolean().default(true),
  /** `recent` (last seen, newest first) reads an index and stays fast on millions; `score` sorts them all. */
  sort: z.enum(['recent', 'score']).default('recent'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type IntelIndicatorQuery = z.input<typeof intelIndicatorQuerySchema>;

export const intelSightingSchema = z.object({
  source: z.string(),
  ref: z.string(),
  author: z.string().nullable(),
  postUrl: z.string().nullable(),
  seenAt: z.string(),
  port: z.number().int().nullable(),
  /** The original post or record text: hostile input, show it as text only. */
  text: z.string().nullable(),
});
export type IntelSighting = z.infer<typeof intelSightingSchema>;

export const intelFileResultSchema = z.object({
  file: z.string(),
  status: z.enum(['imported', 'failed', 'cancelled']),
  format: z.string().optional(),
  records: z.number().int(),
  newIndicators: z.number().int(),
  newSightings: z.number().int(),
  skipped: z.number().int(),
  /** Lines or rows that are not an indicator (left out; the rest imported). */
  invalid: z.number().int(),
  /** The first of them (at most 20), each with its line and why. */
  invalidLines: z.array(z.object({ line: z.number().int(), field: z.string().optional(), reason: z.string() })),
  /** Addresses and networks not on the public Internet (private, documentation, loopback...): left out, never stored. */
  nonPublic: z.number().int(),
  /** The first of them (at most 20): the line (text formats) or the record's id (JSON formats), the value, and why. */
  nonPublicLines: z.array(z.object({ line: z.number().int().optional(), ref: z.string().optional(), value: z.string(), reason: z.string() })),
  sources: z.array(z.string()),
  error: z.string().optional(),
  errorLine: z.number().int().optional(),
  errorField: z.string().optional(),
});
export type IntelFileResult = z.infer<typeof intelFileResultSchema>;

export const sourceKinds = ['x-account', 'x-search', 'mastodon', 'bluesky'] as const;

export const syncOutcomeSchema = z.object({
  source: z.string(),
  state: z.string(),
  detail: z.string().nullable(),
  posts: z.number().int(),
  newIndicators: z.number().int(),
  newSightings: z.number().int(),
  complete: z.boolean(),
});
export type SyncOutcomeData = z.infer<typeof syncOutcomeSchema>;

export const syncProgressSchema = z.object({
  source: z.string(),
  state: z.string(),
  posts: z.number().int(),
  newSightings: z.number().int(),
  waitingUntil: z.string().optional(),
  /** Waiting for another intel import or sync to finish before the first source. */
  waitingSeconds: waitingSecondsSchema,
});

export const decayModelSchema = z.object({
  /** Days after the last sighting at which an indicator of each type expires. */
  tauDays: z.object(Object.fromEntries(indicatorTypes.map((t) => [t, z.number().positive().max(3650)])) as Record<(typeof indicatorTypes)[number], z.ZodNumber>),
  /** δ in MISP's polynomial model: above 1 keeps scores high longer, then drops them fast near τ. */
  delta: z.number().min(0.1).max(10),
});
export type DecayModelData = z.infer<typeof decayModelSchema>;
