import { z } from 'zod';
import { intelExportFormats, type IntelExportFormat } from '../export-names.js';
import { importSourceSchema, indicatorTypeSchema, intelFileResultSchema, intelIndicatorQuerySchema, intelIndicatorRowSchema, intelLookupSchema, intelSightingSchema, intelSourceSchema, intelStatsSchema, sourceKinds, syncOutcomeSchema, syncProgressSchema, verdictSchema, decayModelSchema, fileRefSchema } from '../types.js';
import { waitingSecondsSchema } from '../job-progress.js';
import { whereSeenSchema } from '../entity-details-types.js';
import { op } from './op.js';

const HOSTNAME = '([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const MASTODON_ACCOUNT = new RegExp(`^@?[A-Za-z0-9_]+([.-]+[A-Za-z0-9_]+)*@${HOSTNAME}$`);
const BLUESKY_HANDLE = new RegExp(`^@?${HOSTNAME}$`);

/** The IoC store: where an indicator was seen, imports, exports, syncs, sources, lookups and verdicts on indicators. */
export const intelOps = {
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
};
