import { z } from 'zod';
import { timelineSchema } from './graph-view-types.js';
import { indicatorTypeSchema, verdictSchema } from './intel-types.js';
import { connectionRowSchema, graphNodeSchema, processHashTypes, processLineageSchema } from './types.js';

/**
 * What the details panel shows about one node (getEntityDetails) and the
 * pages of its neighbours (listNodeLinks). Every string from a file or a post
 * is hostile: the UI renders it as text with hidden characters shown.
 */

/** A post or record behind an indicator: who, when, what they wrote, where. */
export const citationSchema = z.object({
  source: z.string(),
  author: z.string().nullable(),
  postedAt: z.string(),
  text: z.string().nullable(),
  link: z.string().nullable(),
  ref: z.string(),
});

/** Why a hit does not count: the analyst's allowlist or false-positive verdict, or a warninglist. */
export const suppressionReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('allowlist'), note: z.string().nullable(), since: z.string() }),
  z.object({ kind: z.literal('false-positive'), note: z.string().nullable(), since: z.string() }),
  z.object({
    kind: z.literal('warninglist'),
    list: z.string(),
    listId: z.string(),
    matched: z.string(),
    /** The indicator itself is on the list, or the destination as the hit met it. */
    on: z.enum(['indicator', 'destination']),
    value: z.string(),
  }),
]);
export type SuppressionReasonView = z.infer<typeof suppressionReasonSchema>;

/** One indicator of the IoC store that the node met, with its scores and provenance (intel/match). */
export const iocHitSchema = z.object({
  type: indicatorTypeSchema,
  value: z.string(),
  how: z.enum(['exact', 'cidr', 'domain', 'parent-domain', 'url-host']),
  /** The address, name or hash of the node that matched. */
  via: z.string(),
  /** 0..100 now (decayed, verdicts applied). */
  scoreNow: z.number(),
  expiredNow: z.boolean(),
  /** The score as of the connection, from the posts known then; null when first reported after it. */
  atConnection: z.object({ at: z.string(), score: z.number(), expired: z.boolean() }).nullable(),
  reportedAfter: z.object({ at: z.string(), score: z.number() }).nullable(),
  firstReported: z.string(),
  lastReported: z.string(),
  sightings: z.number().int(),
  sources: z.array(z.string()),
  labels: z.array(z.string()),
  verdict: verdictSchema.nullable(),
  citations: z.array(citationSchema),
  /** Empty: the hit counts. Otherwise every reason it is set aside. */
  reasons: z.array(suppressionReasonSchema),
});
export type IocHit = z.infer<typeof iocHitSchema>;

export const reputationSchema = z.object({ hits: z.array(iocHitSchema), suppressed: z.array(iocHitSchema) });
export type Reputation = z.infer<typeof reputationSchema>;

/** A shipped warninglist that lists the node's address or one of its names. */
export const warninglistEntrySchema = z.object({
  /** The address or name looked up. */
  value: z.string(),
  list: z.string(),
  listId: z.string(),
  matched: z.string(),
  /** Context only (cloud, VPN, LOTS…): never suppresses an indicator. */
  contextOnly: z.boolean(),
});

/** Gaps between consecutive connections of each (host, process) to the destination, pooled, on log-spaced bins. */
export const intervalHistogramSchema = z.object({
  /** Bin edges in seconds, ascending (one more than counts). */
  edges: z.array(z.number()),
  counts: z.array(z.number().int()),
  gaps: z.number().int(),
  medianSeconds: z.number().nullable(),
  /** The (host, process) pairs the gaps come from. */
  units: z.number().int(),
  /** Only the first connections were read (a very busy destination). */
  sampled: z.boolean(),
});
export type IntervalHistogram = z.infer<typeof intervalHistogramSchema>;

export const bytesPerDaySchema = z.object({
  /** UTC dates, YYYY-MM-DD, ascending (at most the latest 366 days with connections). */
  days: z.array(z.string()),
  bytesOut: z.array(z.number()),
  bytesIn: z.array(z.number()),
  connections: z.array(z.number().int()),
  /** Connections whose log gives byte counts (Sysmon gives none). */
  withBytes: z.number().int(),
});
export type BytesPerDay = z.infer<typeof bytesPerDaySchema>;

/** A neighbour of a node: a process or destination of a host, a destination of a process, who reached a destination. */
export const nodeLinkSchema = z.object({
  nodeId: z.string(),
  kind: z.enum(['host', 'process', 'destination']),
  host: z.string(),
  process: z.string().nullable(),
  destination: z.string().nullable(),
  events: z.number().int(),
  bytesOut: z.number(),
  bytesIn: z.number(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** The strongest finding of the latest analysis on these connections. */
  score: z.number().nullable(),
});
export type NodeLink = z.infer<typeof nodeLinkSchema>;
export const nodeLinkKinds = ['processes', 'destinations', 'sources'] as const;
export const nodeLinkPageSchema = z.object({ total: z.number().int(), rows: z.array(nodeLinkSchema) });
export type NodeLinkPage = z.infer<typeof nodeLinkPageSchema>;

export const destinationDetailsSchema = z.object({
  /** 'public', 'private', 'documentation', … (analysis/enrich) and in words. */
  addressClass: z.string().nullable(),
  addressClassText: z.string(),
  country: z.string().nullable(),
  as: z.object({ number: z.number().int(), name: z.string().nullable() }).nullable(),
  /** Why country or AS are unknown, in words. */
  geoMissing: z.string().nullable(),
  service: z.object({ category: z.string(), name: z.string() }).nullable(),
  /** Names from the case's DNS answers and endpoint logs, most seen first. */
  names: z.array(z.string()),
  reputation: reputationSchema,
  warninglists: z.array(warninglistEntrySchema),
  intervals: intervalHistogramSchema.nullable(),
  bytesPerDay: bytesPerDaySchema,
  /** The first page of the hosts and processes that reached it (listNodeLinks 'sources' for more). */
  reachedBy: nodeLinkPageSchema,
});

export const processDetailsSchema = z.object({
  path: z.string(),
  /** Hashes of its runs (Sysmon event 1), each with the IoC store's word on it (none for IMPHASH: not matched). */
  hashes: z.array(z.object({ type: z.enum(processHashTypes), value: z.string(), reputation: reputationSchema.nullable() })),
  users: z.array(z.string()),
  commandLine: z.string().nullable(),
  destinations: nodeLinkPageSchema,
});

export const hostDetailsSchema = z.object({
  /** Its own addresses (the source addresses of its connections), most used first. */
  addresses: z.array(z.string()),
  processes: nodeLinkPageSchema,
  destinations: nodeLinkPageSchema,
});

export const entityDetailsSchema = z.object({
  node: graphNodeSchema,
  /** Facts about the entity as label/value pairs, in display order. */
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  /** Most recent connection events of the entity. */
  connections: z.array(connectionRowSchema),
  connectionTotal: z.number().int(),
  /** Process nodes whose endpoint log tells where the process came from (Sysmon events 1 and 11). */
  lineage: processLineageSchema.optional(),
  /** The node's connections per time bin (getTimeline with its nodeId). */
  timeline: timelineSchema.optional(),
  destination: destinationDetailsSchema.optional(),
  process: processDetailsSchema.optional(),
  host: hostDetailsSchema.optional(),
});
export type EntityDetails = z.infer<typeof entityDetailsSchema>;
export type DestinationDetails = z.infer<typeof destinationDetailsSchema>;
export type ProcessDetails = z.infer<typeof processDetailsSchema>;
export type HostDetails = z.infer<typeof hostDetailsSchema>;

/** Where an indicator was seen: per case, its connections' destinations and processes (listIndicatorSightingsInCases). */
export const whereSeenSchema = z.object({
  cases: z.array(
    z.object({
      caseId: z.string(),
      caseName: z.string(),
      /** Graph nodes that carry the indicator, each with the connections behind it. */
      nodes: z.array(
        z.object({
          nodeId: z.string(),
          kind: z.enum(['process', 'destination']),
          label: z.string(),
          /** What of the case matched (an address, a DNS name, a hash). */
          via: z.string(),
          events: z.number().int(),
          hosts: z.number().int(),
          firstSeen: z.string().nullable(),
          lastSeen: z.string().nullable(),
        }),
      ),
      /** More nodes matched than listed. */
      more: z.boolean(),
    }),
  ),
  casesSearched: z.number().int(),
  /** Cases that could not be read (a newer Sightline's file, damage), with why. */
  skipped: z.array(z.object({ caseId: z.string(), reason: z.string() })),
});
export type WhereSeen = z.infer<typeof whereSeenSchema>;
