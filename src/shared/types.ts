import { z } from 'zod';
import { waitingSecondsSchema } from './job-progress.js';

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

export const telemetryFormats = [
  'zeek-conn-tsv',
  'zeek-conn-json',
  'zeek-dns-tsv',
  'zeek-dns-json',
  'sysmon-json',
  'sysmon-ecs-json',
  'sysmon-csv',
  'sysmon-xml',
  'sysmon-evtx',
  'nfdump-csv',
  'argus-binetflow',
  'suricata-eve',
  'windows-firewall',
  'csv-mapped',
] as const;
export const telemetryFormatSchema = z.enum(telemetryFormats);
export type TelemetryFormat = z.infer<typeof telemetryFormatSchema>;

/** A column of a CSV/TSV export: its header name, or its 0-based position when the file has no header. */
export const csvColumnSchema = z.union([z.string().min(1).max(200), z.number().int().min(0).max(10000)]);

/** What each column of a generic CSV/TSV export means. Only time, source and destination are required. */
export const csvMappingColumnsSchema = z.object({
  time: csvColumnSchema,
  srcIp: csvColumnSchema,
  dstIp: csvColumnSchema,
  srcPort: csvColumnSchema.optional(),
  dstPort: csvColumnSchema.optional(),
  proto: csvColumnSchema.optional(),
  host: csvColumnSchema.optional(),
  user: csvColumnSchema.optional(),
  process: csvColumnSchema.optional(),
  pid: csvColumnSchema.optional(),
  dstHost: csvColumnSchema.optional(),
  bytesOut: csvColumnSchema.optional(),
  bytesIn: csvColumnSchema.optional(),
  pktsOut: csvColumnSchema.optional(),
  pktsIn: csvColumnSchema.optional(),
  duration: csvColumnSchema.optional(),
  /** Alert exports: each row with a signature also becomes an alert. */
  signature: csvColumnSchema.optional(),
  severity: csvColumnSchema.optional(),
  action: csvColumnSchema.optional(),
});
export type CsvMappingColumns = z.infer<typeof csvMappingColumnsSchema>;
export type CsvMappingRole = keyof CsvMappingColumns;

/**
 * How to read the time column. auto tries ISO 8601, then epoch seconds, ms or µs by magnitude.
 * dmy / mdy / ymd are day-first, month-first and year-first dates with an optional time of day
 * ("31/12/2026 23:59:59", "12/31/2026 11:59:59 PM").
 */
export const timeFormats = ['auto', 'iso', 'epoch-s', 'epoch-ms', 'epoch-us', 'dmy', 'mdy', 'ymd'] as const;
export type TimeFormat = (typeof timeFormats)[number];

export const csvMappingSchema = z.object({
  /** The field separator; detected from the header line when absent. */
  delimiter: z.enum([',', '\t', ';', '|']).optional(),
  /** False when the first line is already data (columns are then named by position). */
  header: z.boolean().default(true),
  columns: csvMappingColumnsSchema,
  timeFormat: z.enum(timeFormats).default('auto'),
  /** The host every row belongs to when the export has no host column (the machine it came from). */
  defaultHost: z.string().max(255).optional(),
});
export type CsvMapping = z.infer<typeof csvMappingSchema>;
export type CsvMappingInput = z.input<typeof csvMappingSchema>;

/** An opaque handle on a file the user chose, issued by the host (see core/files/file-grants.ts). */
export const fileIdSchema = z.string().regex(/^[a-f0-9]{32}$/, 'a file id handed out by the host');

/**
 * A file an operation reads. Callers never name paths: the host grants the
 * files its user chose (CLI arguments, the desktop's dialogs and drops, the
 * browser's uploads) and passes their ids.
 */
export const importSourceSchema = z.object({ fileId: fileIdSchema }).strict();
export type ImportSource = z.infer<typeof importSourceSchema>;

/** A granted file as the host hands it to the page: its id, the name to show, its size when known. */
export const fileRefSchema = z.object({ fileId: fileIdSchema, name: z.string(), bytes: z.number().int().nonnegative().nullable() });
export type FileRef = z.infer<typeof fileRefSchema>;

export const fileImportResultSchema = z.object({
  file: z.string(),
  status: z.enum(['imported', 'duplicate', 'failed', 'cancelled']),
  format: telemetryFormatSchema.optional(),
  /** Connection events stored. */
  events: z.number().int(),
  /** Other records kept for enrichment (process creations). */
  processes: z.number().int(),
  /** DNS answers kept to name destinations (Sysmon event 22, Zeek dns.log). */
  dns: z.number().int(),
  /** IDS / SIEM alerts kept as findings. */
  alerts: z.number().int(),
  /** Files created (Sysmon event 11), kept to tell who wrote a program. */
  fileCreations: z.number().int(),
  /** Records of the file that are not network telemetry (other event ids, other channels). */
  ignored: z.number().int(),
  /** Records that could not be read: kept aside with line and reason (listQuarantine), the rest imported. */
  quarantined: z.number().int(),
  /** Connections left out because the case already held them (exports that overlap in time). */
  overlapping: z.number().int().optional(),
  /** The import's id in the case (imported files only): what listQuarantine takes. */
  importId: z.number().int().optional(),
  /**
   * What the user should know about an imported file's records that are
   * kept as written: today, times before 1990 (relative to a capture start).
   * Absent when there is nothing to say.
   */
  warnings: z.array(z.string()).optional(),
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
  quarantined: z.number().int(),
  rowsPerSecond: z.number(),
  /** Seconds left in this file at the current rate; null until it can be told. */
  etaSeconds: z.number().nullable(),
  /** Waiting for another import into the case to finish; the other fields describe the file to import next. */
  waitingSeconds: waitingSecondsSchema,
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const nodeKinds = ['host', 'process', 'destination'] as const;
export type NodeKind = (typeof nodeKinds)[number];

/** A finding as the graph shows it: how strong, and which kinds of evidence. */
export const findingMarkSchema = z.object({
  score: z.number(),
  severity: z.enum(['info', 'low', 'medium', 'high']).nullable(),
  kinds: z.array(z.string()),
});
export type FindingMark = z.infer<typeof findingMarkSchema>;

/** A graph node as its details name it (getEntityDetails' `node`; the graph itself is graph-view-types.ts). */
export const graphNodeSchema = z.object({
  id: z.string(),
  kind: z.enum(nodeKinds),
  label: z.string(),
  /** Connection events that touch the node. */
  events: z.number().int(),
  /** Destinations only: true for an internal address (private, CGNAT, loopback, link-local, unspecified: graph/internal-address.ts). */
  internal: z.boolean().optional(),
  /** Destinations only: names DNS answers or the endpoint log gave the address, most seen first (at most 3). */
  names: z.array(z.string()).optional(),
  /** Destinations only: IDS / SIEM alerts that involve the address. */
  alerts: z.number().int().optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

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
  /** The record of the other side when the connection was joined (the sensor flow of an endpoint event). */
  joined: z.object({ format: telemetryFormatSchema, file: z.string(), line: z.number().int() }).nullable().optional(),
});
export type ConnectionRow = z.infer<typeof connectionRowSchema>;

/** The hashes Sysmon's event 1 carries (Hashes=MD5=…,SHA1=…,SHA256=…,IMPHASH=…). */
export const processHashTypes = ['md5', 'sha1', 'sha256', 'imphash'] as const;

/** One process creation (Sysmon event 1) in a lineage. */
export const lineageProcessSchema = z.object({
  image: z.string(),
  processGuid: z.string().nullable(),
  pid: z.number().int().nullable(),
  /** When it started (ISO 8601, UTC). */
  started: z.string().nullable(),
  commandLine: z.string().nullable(),
  user: z.string().nullable(),
  integrityLevel: z.string().nullable(),
});
export type LineageProcessView = z.infer<typeof lineageProcessSchema>;

/** Which file started a process, who wrote that file and when, who started it, and what that says against it. */
export const processLineageSchema = z.object({
  /** "svch0st.exe was written by WINWORD.EXE at 09:14 and started by explorer.exe at 09:16"; hidden characters shown as ⟨U+XXXX⟩. */
  sentence: z.string(),
  /** guid: the connection's ProcessGuid found its process creation; image: matched by host and image path instead (less certain). */
  joinedBy: z.enum(['guid', 'image']),
  /** The process creation of the latest run that connected; null when the case has none (only who wrote the file is known). */
  process: lineageProcessSchema.nullable(),
  /** Parent, grandparent… nearest first, by ParentProcessGuid as far as the case has them. */
  parents: z.array(lineageProcessSchema),
  /** The next ancestor by name only (the last record's parent image), when the case has no record of it. */
  beyond: z.string().nullable(),
  /** The chain was cut (too long, or a loop of GUIDs). */
  parentsCut: z.boolean(),
  /** Who wrote the image file (Sysmon event 11), the latest write at or before the start. */
  written: z
    .object({ by: z.string().nullable(), at: z.string(), file: z.string(), processGuid: z.string().nullable(), user: z.string().nullable() })
    .nullable(),
  hashes: z.array(z.object({ type: z.enum(processHashTypes), value: z.string() })),
  /** Pieces of the Hashes field that are no known hash, verbatim. */
  unreadableHashes: z.array(z.string()),
  /** Masquerading, user-writable places, unexpected parents…: one sentence each, strongest first. */
  judgements: z.array(z.object({ kind: z.string(), text: z.string() })),
});
export type ProcessLineageView = z.infer<typeof processLineageSchema>;

export const importRecordSchema = z.object({
  id: z.number().int(),
  file: z.string(),
  format: telemetryFormatSchema,
  sha256: z.string(),
  bytes: z.number(),
  events: z.number().int(),
  processes: z.number().int(),
  dns: z.number().int(),
  alerts: z.number().int(),
  /** Files created (Sysmon event 11). */
  fileCreations: z.number().int(),
  ignored: z.number().int(),
  quarantined: z.number().int(),
  importedAt: z.string(),
});
export type ImportRecord = z.infer<typeof importRecordSchema>;

/** How endpoint events (Sysmon) and sensor flows (Zeek, NetFlow, Argus, Suricata) of a case pair up. */
/**
 * Two files' clocks found apart. `off` says which is wrong, decided by a third
 * time (a connection cannot come before its process's start, Sysmon event 1):
 * 'endpoint' or 'flow', or 'unknown' when these files cannot tell. The off
 * side's connection times are moved onto the other's clock ('unknown': the
 * flows onto the endpoint's), so the case has one timeline.
 */
export const clockSkewSchema = z.object({
  /** The flow file. */
  file: z.string(),
  /** Flow time minus endpoint time. */
  seconds: z.number(),
  /** The endpoint file it was measured against. */
  endpointFile: z.string().optional(),
  off: z.enum(['endpoint', 'flow', 'unknown']).optional(),
  /** Joined pairs checked against their process's start, and how many of each side came before it. */
  checked: z.number().int().optional(),
  endpointBeforeStart: z.number().int().optional(),
  flowBeforeStart: z.number().int().optional(),
  /** False when moving the off side's times would take some outside the times Sightline stores (1970–2100): then they are matched on, not stored moved. */
  moved: z.boolean().optional(),
});
export type ClockSkew = z.infer<typeof clockSkewSchema>;

export const joinSummarySchema = z.object({
  toleranceSeconds: z.number(),
  /** Connection events that name a process (the endpoint side) and how many found their flow. */
  endpointEvents: z.number().int(),
  endpointMatched: z.number().int(),
  /** Flows from sensors and how many found the process that made them. */
  flowEvents: z.number().int(),
  flowMatched: z.number().int(),
  /** Pairs made by this import (the others were joined before). */
  newlyMatched: z.number().int(),
  /** Pairs of files whose clocks were found apart by more than the tolerance (`file` the flow file), which one is off, and why. */
  clockSkews: z.array(clockSkewSchema),
  /** Sensor addresses found to be an endpoint host (its outbound connections come from them): their flows now show under the host's name. */
  namedHosts: z.array(z.object({ ip: z.string(), host: z.string() })),
});
export type JoinSummary = z.infer<typeof joinSummarySchema>;

export const quarantineRowSchema = z.object({
  id: z.number().int(),
  importId: z.number().int(),
  file: z.string(),
  line: z.number().int(),
  field: z.string().nullable(),
  reason: z.string(),
  raw: z.string(),
});
export type QuarantineRow = z.infer<typeof quarantineRowSchema>;

/** What the mapping wizard shows of a file before it is imported. */
export const filePreviewSchema = z.object({
  file: z.string(),
  /** The format recognised from the content; null when the file needs a column mapping. */
  format: telemetryFormatSchema.nullable(),
  /** Why the format could not be recognised (null when it was). */
  problem: z.string().nullable(),
  delimiter: z.enum([',', '\t', ';', '|']).nullable(),
  /** Column names from the header line (or "column 1"… when told there is none). */
  columns: z.array(z.string()),
  /** The first rows, as split by the delimiter. */
  rows: z.array(z.array(z.string())),
  /** Per column: what its values look like (ip, port, number, time, text, empty). */
  columnTypes: z.array(z.enum(['ip', 'port', 'number', 'time', 'text', 'empty'])),
  /** A mapping proposed from the header names and value types; the user corrects it. */
  suggested: csvMappingSchema.partial({ columns: true }).extend({ columns: csvMappingColumnsSchema.partial() }),
  /** Time formats every sampled value of the suggested time column reads as. */
  timeFormats: z.array(z.enum(timeFormats)),
});
export type FilePreview = z.infer<typeof filePreviewSchema>;

export const mappingProfileSchema = z.object({
  name: z.string().trim().min(1).max(120),
  mapping: csvMappingSchema,
  timezone: z.string().max(64).optional(),
  updatedAt: z.string(),
});
export type MappingProfile = z.infer<typeof mappingProfileSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  dataHome: z.string(),
  formats: z.array(telemetryFormatSchema),
  /** What the engine is still doing on its first start: 'demo-case' while the demo case is being built (getStartCase waits for it). */
  preparing: z.enum(['demo-case']).nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** The case the UI opens at start: the last one opened, else the demo case. */
export const startCaseSchema = z.object({ caseId: caseIdSchema.nullable() });
export type StartCase = z.infer<typeof startCaseSchema>;

// The IoC store's types live in their own file; every boundary still imports them from here.
export * from './intel-types.js';
