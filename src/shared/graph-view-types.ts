import { z } from 'zod';
import { evidenceKinds, type EvidenceKind } from './analysis-types.js';
import { MAX_NODE_ID_CHARS } from './name-bounds.js';
import { caseIdSchema, findingMarkSchema, type FindingMark } from './types.js';

/**
 * The investigation graph as the server sends it (getGraphView): nodes as
 * objects (a drawn view holds at most a few thousand), edges as columns
 * (tens of thousands: one array per field, indices into `nodes`), so a large
 * view is a few flat arrays that are checked by one loop each and handed to
 * workers as typed arrays, not 100k objects validated one by one.
 */

/** A group folds several nodes of one kind into one (expand it to see them). */
export const viewNodeKinds = ['host', 'process', 'destination', 'group'] as const;
export type ViewNodeKind = (typeof viewNodeKinds)[number];

/**
 * How destinations are folded. `auto`: each destination on its own up to the
 * budget, the rest folded by service, else AS, else /24 (nothing dropped).
 * The others fold every destination without a finding or IoC hit by that key.
 */
export const destinationGroupings = ['auto', 'none', 'subnet', 'asn', 'country', 'service'] as const;
export const hostGroupings = ['none', 'subnet'] as const;
/** `image`: one node per program across hosts (`powershell.exe` on 40 hosts is one node). */
export const processGroupings = ['none', 'image'] as const;
export const groupKeys = ['subnet', 'asn', 'country', 'service', 'image', 'other'] as const;

export const graphGroupingSchema = z.object({
  destinations: z.enum(destinationGroupings).default('auto'),
  hosts: z.enum(hostGroupings).default('none'),
  processes: z.enum(processGroupings).default('none'),
});
export type GraphGrouping = z.infer<typeof graphGroupingSchema>;

const nodeIdSchema = z.string().min(1).max(MAX_NODE_ID_CHARS);

/** What the server filters (over every event of the case); overlays, score and kind filters are the view's. */
export const graphViewQuerySchema = z.object({
  caseId: caseIdSchema,
  /** Substring matched against host, process image and destination (and its DNS names). */
  search: z.string().max(200).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  /** Exact host names, process image paths (or names without a folder), destination ports, protocols. */
  hosts: z.array(z.string().min(1).max(255)).max(200).optional(),
  processes: z.array(z.string().min(1).max(32_767)).max(200).optional(),
  ports: z.array(z.number().int().min(0).max(65_535)).max(200).optional(),
  protocols: z.array(z.string().min(1).max(16)).max(20).optional(),
  includeInternal: z.boolean().default(true),
  grouping: graphGroupingSchema.default({ destinations: 'auto', hosts: 'none', processes: 'none' }),
  /** Group node ids (as a previous answer gave them) drawn opened: their members in place. */
  expand: z.array(nodeIdSchema).max(500).default([]),
  /** Destinations drawn one by one besides those with a finding or an IoC hit (always drawn). */
  maxDestinations: z.number().int().min(1).max(20_000).default(400),
  /** Bound on edges into destinations. */
  maxEdges: z.number().int().min(1).max(100_000).default(30_000),
});
export type GraphViewQuery = z.input<typeof graphViewQuerySchema>;

/** Reputation of a destination (IoC hits) or of a process (hash hits). */
export const reputationMarkSchema = z.object({
  /** Indicators that match. */
  hits: z.number().int(),
  /** Distinct sources (feeds, accounts) behind them. */
  sources: z.number().int(),
  /** The strongest indicator's score now, in [0, 1]. */
  score: z.number(),
  /** Set when every hit is suppressed (allowlist, false positive, warninglist): why, in words. */
  suppressed: z.string().optional(),
});
export type ReputationMark = z.infer<typeof reputationMarkSchema>;

export const viewNodeSchema = z.object({
  id: nodeIdSchema,
  kind: z.enum(viewNodeKinds),
  label: z.string(),
  /** Connection events that touch the node. */
  events: z.number().int(),
  /** Destinations: the address class ('public', 'private', 'documentation', …; see enrich/iana-special-ranges). */
  addressClass: z.string().optional(),
  /** Destinations: DNS names most seen first (at most 3). */
  names: z.array(z.string()).optional(),
  alerts: z.number().int().optional(),
  country: z.string().optional(),
  as: z.object({ number: z.number().int(), name: z.string().nullable() }).optional(),
  service: z.object({ category: z.string(), name: z.string() }).optional(),
  /** Hosts: their own addresses (a connection to one of them ends on the host, not on a destination). */
  addresses: z.array(z.string()).optional(),
  /** Processes: the full image path (the label is its file name), and its SHA-256 (else another hash) when known. */
  path: z.string().optional(),
  hash: z.string().optional(),
  /** Processes grouped by image: on how many hosts. */
  hosts: z.number().int().optional(),
  finding: findingMarkSchema.optional(),
  reputation: reputationMarkSchema.optional(),
  /** Known benign (a warninglist or a catalogued service), in words: drawn dimmed. */
  benign: z.string().optional(),
  group: z
    .object({
      of: z.enum(['host', 'process', 'destination']),
      by: z.enum(groupKeys),
      key: z.string(),
      members: z.number().int(),
    })
    .optional(),
  /** A node drawn because its group is expanded: that group's id. */
  parent: nodeIdSchema.optional(),
});
export type ViewNode = z.infer<typeof viewNodeSchema>;

/** One check per column: an array of finite numbers (a loop, not a schema per element). */
function column<T>(check: (v: unknown) => boolean, what: string) {
  return z.custom<T[]>((v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!check(v[i])) return false;
    return true;
  }, `an array of ${what}`);
}
const numberColumn = column<number>((v) => typeof v === 'number' && Number.isFinite(v), 'finite numbers');
const intColumn = column<number>((v) => typeof v === 'number' && Number.isInteger(v), 'integers');
const stringColumn = column<string>((v) => typeof v === 'string', 'strings');

/** Edge kinds by code: `runs` host → process, `connects` process (or host) → destination. */
export const edgeKinds = ['runs', 'connects'] as const;
/** Severity by code; -1 is no finding. */
export const severityCodes = ['info', 'low', 'medium', 'high'] as const;

export const viewEdgesSchema = z
  .object({
    /** Indices into `nodes`. */
    source: intColumn,
    target: intColumn,
    /** Index into `edgeKinds`. */
    kind: intColumn,
    events: intColumn,
    bytesOut: numberColumn,
    bytesIn: numberColumn,
    /** Epoch milliseconds. */
    firstSeen: numberColumn,
    lastSeen: numberColumn,
    /** Destination ports ascending, comma-separated ('' for `runs`; at most 20, then '…'). */
    ports: stringColumn,
    /** The strongest finding on the edge: score (-1 none), severity code (-1 none), evidence kinds as bits over `evidenceKinds`. */
    score: numberColumn,
    severity: intColumn,
    kinds: intColumn,
  })
  .refine((e) => Object.values(e).every((c) => c.length === e.source.length), 'every edge column has one value per edge');
export type ViewEdges = z.infer<typeof viewEdgesSchema>;

export const graphViewSchema = z
  .object({
    nodes: z.array(viewNodeSchema),
    edges: viewEdgesSchema,
    /** Destinations folded into groups because of the budget (not by the grouping asked for), and edges left out. */
    folded: z.object({ destinations: z.number().int(), edges: z.number().int() }),
    /** The whole case under the query's filters, drawn or not. */
    totals: z.object({ hosts: z.number().int(), processes: z.number().int(), destinations: z.number().int(), events: z.number().int() }),
    timeRange: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
  })
  .refine((g) => g.edges.source.every((i) => i < g.nodes.length) && g.edges.target.every((i) => i < g.nodes.length), 'edges point at nodes');
export type GraphView = z.infer<typeof graphViewSchema>;

export const timelineQuerySchema = z.object({
  caseId: caseIdSchema,
  /** The same server-side filters as the graph (search, hosts, processes, ports, protocols, internal). */
  search: z.string().max(200).optional(),
  hosts: graphViewQuerySchema.shape.hosts,
  processes: graphViewQuerySchema.shape.processes,
  ports: graphViewQuerySchema.shape.ports,
  protocols: graphViewQuerySchema.shape.protocols,
  includeInternal: z.boolean().default(true),
  /** Only the connections of one node (host, process or destination) or of one edge's two ends. */
  nodeId: nodeIdSchema.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  bins: z.number().int().min(1).max(2000).default(200),
});
export type TimelineQuery = z.input<typeof timelineQuerySchema>;

export const timelineSchema = z.object({
  /** ISO 8601 UTC; null when nothing matches. */
  start: z.string().nullable(),
  end: z.string().nullable(),
  binSeconds: z.number(),
  /** Connections per bin, and among them those of units with a finding. */
  counts: intColumn,
  bytes: numberColumn,
  findings: intColumn,
});
export type Timeline = z.infer<typeof timelineSchema>;

/** Evidence kinds as bits (one int per edge). */
export function kindsToBits(kinds: readonly string[]): number {
  let bits = 0;
  for (const k of kinds) {
    const i = evidenceKinds.indexOf(k as EvidenceKind);
    if (i >= 0) bits |= 1 << i;
  }
  return bits;
}

export function bitsToKinds(bits: number): EvidenceKind[] {
  return evidenceKinds.filter((_, i) => (bits & (1 << i)) !== 0);
}

export function severityCode(severity: FindingMark['severity'] | undefined): number {
  return severity ? severityCodes.indexOf(severity) : -1;
}

/** One edge's id, the same whichever side reads it: `<source id>-><target id>`. */
export function viewEdgeId(view: Pick<GraphView, 'nodes' | 'edges'>, index: number): string {
  return `${view.nodes[view.edges.source[index] as number]?.id}->${view.nodes[view.edges.target[index] as number]?.id}`;
}
