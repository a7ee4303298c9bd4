import { z } from 'zod';

/** Plain data that crosses every boundary. No classes, no functions. */

export const caseIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a case id is lower-case letters, digits and dashes');

export const caseSummarySchema = z.object({
  id: caseIdSchema,
  name: z.string(),
  createdAt: z.string(),
  /** Connection events stored in the case. */
  eventCount: z.number().int(),
  importCount: z.number().int(),
  /** Set when the case cannot be opened (newer schema, corrupt file): the case is listed, not hidden. */
  problem: z.string().optional(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const telemetryFormats = ['zeek-conn-tsv', 'zeek-conn-json', 'sysmon-json'] as const;
export const telemetryFormatSchema = z.enum(telemetryFormats);
export type TelemetryFormat = z.infer<typeof telemetryFormatSchema>;

/** Where the bytes of an import come from: a path the engine can read, or a file uploaded to the browser host. */
export const importSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }),
  z.object({ kind: z.literal('upload'), uploadId: z.string().regex(/^[a-f0-9]{32}$/), name: z.string().min(1).max(255) }),
]);
export type ImportSource = z.infer<typeof importSourceSchema>;

export const fileImportResultSchema = z.object({
  file: z.string(),
  status: z.enum(['imported', 'duplicate', 'failed', 'cancelled']),
  format: telemetryFormatSchema.optional(),
  /** Connection events stored. */
  events: z.number().int(),
  /** Other records kept for enrichment (process creations). */
  processes: z.number().int(),
  /** Records of the file that are not network telemetry (other event ids, other channels). */
  ignored: z.number().int(),
  /** Why the file was not imported; where in it is in errorLine / errorField. */
  error: z.string().optional(),
  errorLine: z.number().int().optional(),
  errorField: z.string().optional(),
});
export type FileImportResult = z.infer<typeof fileImportResultSchema>;

export const importProgressSchema = z.object({
  file: z.string(),
  fileIndex: z.number().int(),
  fileCount: z.number().int(),
  bytesRead: z.number(),
  bytesTotal: z.number(),
  rows: z.number().int(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const nodeKinds = ['host', 'process', 'destination'] as const;
export type NodeKind = (typeof nodeKinds)[number];

export const graphNodeSchema = z.object({
  id: z.string(),
  kind: z.enum(nodeKinds),
  label: z.string(),
  /** Connection events that touch the node. */
  events: z.number().int(),
  /** Destinations only: true for private, loopback and link-local addresses. */
  internal: z.boolean().optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z.enum(['runs', 'connects']),
  events: z.number().int(),
  bytesOut: z.number(),
  bytesIn: z.number(),
  /** Destination ports seen on this edge, ascending; empty for `runs` edges. */
  ports: z.array(z.number().int()),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphQuerySchema = z.object({
  caseId: caseIdSchema,
  /** Substring matched against host, process image and destination. */
  search: z.string().max(200).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  includeInternal: z.boolean().default(true),
  /** Most-active destinations kept when the graph would be larger. */
  maxDestinations: z.number().int().min(1).max(20000).default(2000),
  /** Bound on edges into destinations: a drawable graph even when every host talks to every address. */
  maxEdges: z.number().int().min(1).max(100000).default(5000),
});
export type GraphQuery = z.input<typeof graphQuerySchema>;

export const graphSchema = z.object({
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  /** Destinations left out by maxDestinations or maxEdges (the least active first). */
  omittedDestinations: z.number().int(),
  timeRange: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
});
export type Graph = z.infer<typeof graphSchema>;

export const connectionRowSchema = z.object({
  time: z.string(),
  host: z.string(),
  process: z.string().nullable(),
  protocol: z.string().nullable(),
  source: z.string(),
  sourcePort: z.number().int().nullable(),
  destination: z.string(),
  destinationPort: z.number().int().nullable(),
  destinationHost: z.string().nullable(),
  bytesOut: z.number().nullable(),
  bytesIn: z.number().nullable(),
  format: telemetryFormatSchema,
  file: z.string(),
  line: z.number().int(),
});
export type ConnectionRow = z.infer<typeof connectionRowSchema>;

export const entityDetailsSchema = z.object({
  node: graphNodeSchema,
  /** Facts about the entity as label/value pairs, in display order. */
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  /** Most recent connection events of the entity. */
  connections: z.array(connectionRowSchema),
  connectionTotal: z.number().int(),
});
export type EntityDetails = z.infer<typeof entityDetailsSchema>;

export const importRecordSchema = z.object({
  id: z.number().int(),
  file: z.string(),
  format: telemetryFormatSchema,
  sha256: z.string(),
  bytes: z.number(),
  events: z.number().int(),
  processes: z.number().int(),
  importedAt: z.string(),
});
export type ImportRecord = z.infer<typeof importRecordSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  dataHome: z.string(),
  /** The case the UI opens at start: the last one opened, else the demo case. */
  startCaseId: caseIdSchema.nullable(),
  formats: z.array(telemetryFormatSchema),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

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
  invalid: z.number().int(),
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
});

export const decayModelSchema = z.object({
  /** Days after the last sighting at which an indicator of each type expires. */
  tauDays: z.object(Object.fromEntries(indicatorTypes.map((t) => [t, z.number().positive().max(3650)])) as Record<(typeof indicatorTypes)[number], z.ZodNumber>),
  /** δ in MISP's polynomial model: above 1 keeps scores high longer, then drops them fast near τ. */
  delta: z.number().min(0.1).max(10),
});
export type DecayModelData = z.infer<typeof decayModelSchema>;
